using System.Management.Automation;

namespace SinchBatchBench
{
    /// <summary>
    /// The floor for any compiled cmdlet in Send-SinchBatch's place: PowerShell binds each row to it, and it reads the row's
    /// three columns the send needs, nothing more. Import-NoOpCmdlet (Cases.ps1) compiles it with Add-Type, so it never ships,
    /// and adds the other part of this class: Send-SinchBatch's own [Cmdlet] attribute and parameters, as PowerShell walks
    /// every parameter for each row (a cmdlet with only the bound ones binds cheaper than Send-SinchBatch ever could).
    /// </summary>
    public sealed partial class NoOpSendCommand : PSCmdlet
    {
        // What the last command read, for the bench's check that every row was bound and read.
        public static int Rows;
        public static long Characters;

        protected override void ProcessRecord()
        {
            PSObject row = PSObject.AsPSObject(InputObject);
            Characters += Length(row, "contact_id") + Length(row, "name") + Length(row, "code");
            Rows++;
        }

        // PSObject.Properties[name] costs what $row.name through PowerShell's binder does (about 0.1 us a column, measured) and is plainer.
        private static int Length(PSObject row, string name) => (row.Properties[name]?.Value as string)?.Length ?? 0;
    }
}
