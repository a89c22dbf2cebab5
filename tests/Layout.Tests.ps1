# The layout shows the design (issue 20, 5): a file per public type, named after it, and folders that never import
# each other in circles. Read from the sources, so a new file is held to it the day it is added.
BeforeDiscovery {
    $src = Resolve-Path "$PSScriptRoot/../src"
    $sources = Get-ChildItem $src -Recurse -Filter *.cs | Where-Object FullName -NotMatch '[\\/](bin|obj)[\\/]' |
        ForEach-Object { @{ File = [IO.Path]::GetRelativePath($src, $_.FullName); Path = $_.FullName } }
}

BeforeAll {
    # Top-level declarations: a line that starts with the modifiers, not indented, so nested types are left alone.
    function Get-PublicType([string] $Path) {
        [regex]::Matches((Get-Content $Path -Raw), '(?m)^public (?:(?:sealed|static|abstract|readonly|partial) )*(?:class|enum|struct|record|interface) (\w+)') |
            ForEach-Object { $_.Groups[1].Value }
    }

    # The folders of src/SinchBatch that each folder's files import (using SinchBatch.X;).
    function Get-FolderImport {
        $root = Resolve-Path "$PSScriptRoot/../src/SinchBatch"
        $imports = @{}
        foreach ($folder in Get-ChildItem $root -Directory | Where-Object Name -NotIn 'bin', 'obj') {
            $imports[$folder.Name] = @(Get-ChildItem $folder.FullName -Filter *.cs | Get-Content |
                    Select-String '^using SinchBatch\.(\w+);' | ForEach-Object { $_.Matches[0].Groups[1].Value } |
                    Where-Object { $_ -ne $folder.Name -and (Test-Path (Join-Path $root $_)) } | Sort-Object -Unique)
        }
        $imports
    }

    # A path of folders that leads back to where it started ("A -> B -> A"), or nothing.
    function Find-Cycle([hashtable] $Imports) {
        $state = @{}
        function Visit([string] $Folder, [string[]] $Path) {
            if ($state[$Folder] -eq 'open') { return (@($Path[[array]::IndexOf($Path, $Folder)..($Path.Count - 1)]) + $Folder) -join ' -> ' }
            if ($state[$Folder] -eq 'done') { return }
            $state[$Folder] = 'open'
            foreach ($next in $Imports[$Folder]) { if ($cycle = Visit $next ($Path + $Folder)) { return $cycle } }
            $state[$Folder] = 'done'
        }
        foreach ($folder in $Imports.Keys | Sort-Object) { if ($cycle = Visit $folder @()) { return $cycle } }
    }
}

Describe 'The layout shows the design (issue 20, 5)' {
    It '<File> holds at most one public type, named after the file' -ForEach $sources {
        $types = @(Get-PublicType $Path)
        $types.Count | Should -BeLessOrEqual 1 -Because "one public type per file ($($types -join ', '))"
        if ($types) { $types[0] | Should -Be ([IO.Path]::GetFileNameWithoutExtension($Path).Split('.')[0]) }
    }

    It 'has folders in src/SinchBatch that never import each other in circles' {
        $imports = Get-FolderImport
        $imports.Keys | Should -Contain 'Batches' -Because 'the folders are read'
        Find-Cycle $imports | Should -BeNullOrEmpty
    }

    It 'finds a circle where there is one' {
        Find-Cycle @{ A = @('B'); B = @('C'); C = @('A') } | Should -Be 'A -> B -> C -> A'
        Find-Cycle @{ A = @('B'); B = @('C'); C = @() } | Should -BeNullOrEmpty
    }
}
