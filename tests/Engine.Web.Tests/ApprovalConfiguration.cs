using ApprovalTests.Namers;
using ApprovalTests.Reporters;

[assembly: UseApprovalSubdirectory("Approved")]
[assembly: UseReporter(typeof(QuietReporter))]
