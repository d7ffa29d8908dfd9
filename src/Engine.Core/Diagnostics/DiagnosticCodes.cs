namespace Engine.Core.Diagnostics;

/// <summary>
/// Every diagnostic code the engine emits. Ranges: 10xx project files, 11xx templates,
/// 12xx graph, 13xx selection, 14xx configuration, 15xx the managed local server, 16xx Strava, 17xx CDC,
/// 18xx orchestration, 19xx engine import dbt, 20xx dashboards and docs.
/// Codes are part of the contract: tests and users' scripts match on them, so never renumber.
/// </summary>
public static class DiagnosticCodes
{
    public const string YamlSyntax = "ENG1001";
    public const string UnknownKey = "ENG1002";
    public const string InvalidValue = "ENG1003";
    public const string MissingKey = "ENG1004";
    public const string MissingFile = "ENG1005";
    public const string DuplicateDefinition = "ENG1006";
    public const string UnknownModelInYaml = "ENG1007";
    public const string NotUtf8 = "ENG1008";
    public const string YamlAliasExpansion = "ENG1009";
    public const string YamlTooDeep = "ENG1010";
    public const string FileTooLarge = "ENG1011";
    public const string SymlinkLoop = "ENG1012";

    public const string TemplateSyntax = "ENG1101";
    public const string TemplateRuntime = "ENG1102";
    public const string MissingEnvVar = "ENG1103";
    public const string MissingVar = "ENG1104";
    public const string InvalidConfig = "ENG1105";
    public const string UnknownMacro = "ENG1106";
    public const string JinjaSyntax = "ENG1107";

    public const string UnknownRef = "ENG1201";
    public const string UnknownSource = "ENG1202";
    public const string Cycle = "ENG1203";
    public const string DuplicateName = "ENG1204";
    public const string DisabledRef = "ENG1205";
    public const string UnknownTestColumn = "ENG1206";

    public const string SelectorSyntax = "ENG1301";
    public const string SelectorNoMatch = "ENG1302";
    public const string StateRequired = "ENG1303";
    public const string StateUnreadable = "ENG1304";

    public const string UnknownTarget = "ENG1401";
    public const string InvalidVars = "ENG1402";
    public const string UnsupportedByDialect = "ENG1403";
    public const string WarehouseNotAvailable = "ENG1404";

    // 141x-142x: the warehouse failed in a known way (WarehouseErrorKind); the message names host, database and relation.
    public const string WarehouseStatement = "ENG1410";
    public const string WarehouseHostNotFound = "ENG1411";
    public const string WarehouseConnectionRefused = "ENG1412";
    public const string WarehouseAuthenticationFailed = "ENG1413";
    public const string WarehouseDatabaseMissing = "ENG1414";
    public const string WarehouseServerShutdown = "ENG1415";
    public const string WarehouseConnectionLost = "ENG1416";
    public const string WarehouseReadOnly = "ENG1417";
    public const string WarehouseDiskFull = "ENG1418";
    public const string WarehousePermissionDenied = "ENG1419";
    public const string WarehouseStatementTimeout = "ENG1420";
    public const string WarehouseLockTimeout = "ENG1421";
    public const string WarehouseDeadlock = "ENG1422";

    // 15xx: the managed local server of a warehouse adapter (PostgreSQL's cluster).
    public const string LocalServerBinariesMissing = "ENG1501";
    public const string LocalServerStartFailed = "ENG1502";

    // 16xx: Strava extraction (sources.yml extract block, credentials, API, staging).
    public const string StravaExtractConfig = "ENG1601";
    public const string StravaSourceMissing = "ENG1602";
    public const string StravaCredentials = "ENG1603";
    public const string StravaRefreshRejected = "ENG1604";
    public const string StravaRequestFailed = "ENG1605";
    public const string StravaInsecureUrl = "ENG1606";
    public const string StravaAuthFailed = "ENG1607";
    public const string StravaExtractBusy = "ENG1608";
    public const string StravaExtractOption = "ENG1609";
    // 17xx: CDC (logical replication from staging into the warehouse).
    public const string CdcConfig = "ENG1701";
    public const string CdcWalLevel = "ENG1702";
    public const string CdcSourceTable = "ENG1703";
    public const string CdcSlotLost = "ENG1704";
    public const string CdcSlotLag = "ENG1705";
    public const string CdcTablesChanged = "ENG1706";
    public const string CdcServer = "ENG1707";
    public const string CdcNoSource = "ENG1708";
    public const string CdcSlotInUse = "ENG1709";
    // 18xx: orchestration (partitions, schedules, run history, freshness).
    public const string PartitionsInvalid = "ENG1801";
    public const string ScheduleInvalid = "ENG1802";
    public const string CronInvalid = "ENG1803";
    public const string TimeZoneUnknown = "ENG1804";
    public const string StateStoreFailed = "ENG1805";
    public const string RunNotFound = "ENG1806";
    public const string RunInProgress = "ENG1807";
    public const string PartitionKeyInvalid = "ENG1808";

    // 20xx: dashboards, docs and the web server.
    public const string DashboardInvalid = "ENG2001";
    public const string ChartColumnMissing = "ENG2002";
    public const string ChartQueryFailed = "ENG2003";
    public const string ServeFailed = "ENG2004";
    // 19xx: engine import dbt (warnings: the import succeeded; errors: nothing was written).
    public const string ImportNotConverted = "ENG1901";
    public const string ImportDropped = "ENG1902";
    public const string ImportNotDbtProject = "ENG1903";
    public const string ImportTargetNotEmpty = "ENG1904";
}
