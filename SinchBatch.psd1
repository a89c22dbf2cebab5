@{
    RootModule           = 'SinchBatch.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '5b0c8f1e-3d52-4c7a-9f8e-2a61d4b7c903'
    Author               = 'SinchBatch contributors'
    CompanyName          = 'SinchBatch'
    Copyright            = '(c) SinchBatch contributors. MIT License.'
    Description          = 'Send bulk messages through the Sinch Conversation API batch endpoints: pipe Import-Csv rows into Send-SinchBatch, one request per 1000 recipients, validated before anything is sent.'
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('SinchBatch.Format.ps1xml')
    CmdletsToExport      = @('Send-SinchBatch', 'Get-SinchBatchStatus', 'Stop-SinchBatch', 'Connect-Sinch', 'Disconnect-Sinch')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Sinch', 'SMS', 'WhatsApp', 'Messaging', 'Conversation', 'Batch', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            # No ProjectUri or LicenseUri until the project has a public home; the licence ships as LICENSE.
            ReleaseNotes = 'First release: Send-SinchBatch, Get-SinchBatchStatus, Stop-SinchBatch, Connect-Sinch and Disconnect-Sinch for the Sinch Conversation API batch endpoints.'
        }
    }
}
