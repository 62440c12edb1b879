package desk

// The state machine's table, for the table test that runs it through the
// Service and the embedded store (package desk_test, which may import the
// store; this package may not).
var (
	AllowedForTest = allowed
	AfterForTest   = after
	// ExportLimitForTest lowers the cap on an export, to reach it.
	ExportLimitForTest = &exportLimit
)
