package desk

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Settings are every threshold the desk works with. Admins change them in
// the chat; the defaults below are loaded on first start.
type Settings struct {
	// UrgeAfter is how long a ticket must wait before its requester may
	// urge it (the manual: 2 hours).
	UrgeAfter Duration `bson:"urgeAfter"`
	// UrgeCooldown is the least time between two urges of one ticket.
	UrgeCooldown Duration `bson:"urgeCooldown"`
	// OverdueAfter tags a pending ticket 超 and reminds the dispatch chat.
	OverdueAfter Duration `bson:"overdueAfter"`
	// EscalateAfter escalates a still-pending ticket to supervisors.
	EscalateAfter Duration `bson:"escalateAfter"`
	// RepairAfter is how long a claimed job may take when the requester
	// gave no expected end.
	RepairAfter Duration `bson:"repairAfter"`
	// RepairEscalateAfter escalates a late job to supervisors this long
	// after the technician was reminded.
	RepairEscalateAfter Duration `bson:"repairEscalateAfter"`
	// ReviewRemindAfter reminds supervisors of a suspension request.
	ReviewRemindAfter Duration `bson:"reviewRemindAfter"`
	// SuspendedRemindAfter reminds about a job suspended this long.
	SuspendedRemindAfter Duration `bson:"suspendedRemindAfter"`
	// RateRemindAfter reminds the requester, once, to rate.
	RateRemindAfter Duration `bson:"rateRemindAfter"`
	// RateWithin is how long after completion a ticket may be rated; 0
	// for ever. A ticket waits in the live tickets until it is rated or
	// this runs out, so it bounds how many finished tickets stay there.
	RateWithin Duration `bson:"rateWithin"`
	// UrgentClaimAfter, UrgentEscalateAfter and UrgentRepairAfter are
	// OverdueAfter, EscalateAfter (and RepairEscalateAfter) and
	// RepairAfter for urgent tickets (Ticket.Limits); zero: the usual.
	UrgentClaimAfter    Duration `bson:"urgentClaimAfter"`
	UrgentEscalateAfter Duration `bson:"urgentEscalateAfter"`
	UrgentRepairAfter   Duration `bson:"urgentRepairAfter"`
	// ReportsPerHour limits how many tickets one person may open an hour.
	ReportsPerHour int `bson:"reportsPerHour"`
	// DigestAt is the local time of day of the supervisors' digest, "08:30".
	DigestAt string `bson:"digestAt"`
	// ChartAt is the local weekday and time of the supervisors' weekly
	// chart, "mon 09:00", or "off"; empty means DefaultChartAt.
	ChartAt string `bson:"chartAt"`
	// CentrePhone is the maintenance centre's phone, shown with "Urge".
	CentrePhone string `bson:"centrePhone"`
	// Timezone names the desk's local time zone (IANA), for windows,
	// working hours and the digest.
	Timezone string `bson:"timezone"`
	// WorkHours, when set ("08:00-18:00"), makes the timers count only
	// working time on working days.
	WorkHours string `bson:"workHours"`
	// WorkDays are the working weekdays, 1 = Monday … 7 = Sunday.
	WorkDays []int `bson:"workDays"`
	// Holidays are dates ("2026-10-01") that are not working days.
	Holidays []string `bson:"holidays"`
	// Since is when the desk was first set up, so that it does not report
	// on a time before it existed (the digest of that day); zero on a desk
	// set up before it was recorded. Not a setting anybody changes.
	Since   time.Time `bson:"since,omitempty"`
	Version int       `bson:"version"`
}

// DefaultSettings are the settings of a new desk.
func DefaultSettings() Settings {
	return Settings{
		UrgeAfter:            Duration(2 * time.Hour),
		UrgeCooldown:         Duration(30 * time.Minute),
		OverdueAfter:         Duration(2 * time.Hour),
		EscalateAfter:        Duration(4 * time.Hour),
		RepairAfter:          Duration(24 * time.Hour),
		RepairEscalateAfter:  Duration(4 * time.Hour),
		ReviewRemindAfter:    Duration(1 * time.Hour),
		SuspendedRemindAfter: Duration(72 * time.Hour),
		RateRemindAfter:      Duration(24 * time.Hour),
		RateWithin:           Duration(30 * 24 * time.Hour),
		UrgentClaimAfter:     Duration(30 * time.Minute),
		UrgentEscalateAfter:  Duration(1 * time.Hour),
		UrgentRepairAfter:    Duration(4 * time.Hour),
		ReportsPerHour:       5,
		DigestAt:             "08:30",
		ChartAt:              DefaultChartAt,
		CentrePhone:          "020-0000-0000",
		Timezone:             "Asia/Shanghai",
		WorkDays:             []int{1, 2, 3, 4, 5},
	}
}

// Duration is a time.Duration that prints and parses as text ("2h30m")
// and is stored as nanoseconds.
type Duration time.Duration

func (d Duration) D() time.Duration { return time.Duration(d) }

func (d Duration) String() string { return time.Duration(d).String() }

// Location returns the desk's time zone, UTC if the name is unknown.
func (s Settings) Location() *time.Location {
	if loc, err := time.LoadLocation(s.Timezone); err == nil {
		return loc
	}
	return time.UTC
}

// Setting describes one setting for the admin's dialogue.
type Setting struct {
	Key string
	Get func(*Settings) string
	Set func(*Settings, string) error
}

func durationSetting(key string, f func(*Settings) *Duration) Setting {
	return Setting{
		Key: key,
		Get: func(s *Settings) string { return f(s).String() },
		Set: func(s *Settings, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 || d > 365*24*time.Hour {
				return errorf(ErrInvalid, "err.bad_duration")
			}
			*f(s) = Duration(d)
			return nil
		},
	}
}

// SettingsTable lists every setting an admin may change in the chat.
var SettingsTable = []Setting{
	durationSetting("urgeAfter", func(s *Settings) *Duration { return &s.UrgeAfter }),
	durationSetting("urgeCooldown", func(s *Settings) *Duration { return &s.UrgeCooldown }),
	durationSetting("overdueAfter", func(s *Settings) *Duration { return &s.OverdueAfter }),
	durationSetting("escalateAfter", func(s *Settings) *Duration { return &s.EscalateAfter }),
	durationSetting("repairAfter", func(s *Settings) *Duration { return &s.RepairAfter }),
	durationSetting("repairEscalateAfter", func(s *Settings) *Duration { return &s.RepairEscalateAfter }),
	durationSetting("reviewRemindAfter", func(s *Settings) *Duration { return &s.ReviewRemindAfter }),
	durationSetting("suspendedRemindAfter", func(s *Settings) *Duration { return &s.SuspendedRemindAfter }),
	durationSetting("rateRemindAfter", func(s *Settings) *Duration { return &s.RateRemindAfter }),
	durationSetting("rateWithin", func(s *Settings) *Duration { return &s.RateWithin }),
	{
		Key: "reportsPerHour",
		Get: func(s *Settings) string { return fmt.Sprint(s.ReportsPerHour) },
		Set: func(s *Settings, v string) error {
			var n int
			if _, err := fmt.Sscanf(v, "%d", &n); err != nil || n < 1 || n > 1000 {
				return errorf(ErrInvalid, "err.bad_number", 1, 1000)
			}
			s.ReportsPerHour = n
			return nil
		},
	},
	{
		Key: "digestAt",
		Get: func(s *Settings) string { return s.DigestAt },
		Set: func(s *Settings, v string) error {
			if _, err := time.Parse("15:04", v); err != nil {
				return errorf(ErrInvalid, "err.bad_clock")
			}
			s.DigestAt = v
			return nil
		},
	},
	chartAtSetting,
	{
		Key: "centrePhone",
		Get: func(s *Settings) string { return s.CentrePhone },
		Set: func(s *Settings, v string) error {
			p, err := CleanPhone(v)
			if err != nil {
				return err
			}
			s.CentrePhone = p
			return nil
		},
	},
	{
		Key: "timezone",
		Get: func(s *Settings) string { return s.Timezone },
		Set: func(s *Settings, v string) error {
			if _, err := time.LoadLocation(v); err != nil {
				return errorf(ErrInvalid, "err.bad_timezone")
			}
			s.Timezone = v
			return nil
		},
	},
	{
		Key: "workHours",
		Get: func(s *Settings) string { return s.WorkHours },
		Set: func(s *Settings, v string) error {
			if v == "-" || v == "" {
				s.WorkHours = ""
				return nil
			}
			if _, _, err := parseWorkHours(v); err != nil {
				return err
			}
			s.WorkHours = v
			return nil
		},
	},
	{
		Key: "workDays",
		Get: func(s *Settings) string { return formatWorkDays(s.WorkDays) },
		Set: func(s *Settings, v string) error {
			days, err := parseWorkDays(v)
			if err != nil {
				return err
			}
			s.WorkDays = days
			return nil
		},
	},
	{
		Key: "holidays",
		Get: func(s *Settings) string { return joinComma(s.Holidays) },
		Set: func(s *Settings, v string) error {
			days, err := parseHolidays(v)
			if err != nil {
				return err
			}
			s.Holidays = days
			return nil
		},
	},
}

// SettingByKey finds a setting of SettingsTable.
func SettingByKey(key string) (Setting, bool) {
	for _, s := range SettingsTable {
		if s.Key == key {
			return s, true
		}
	}
	return Setting{}, false
}

// parseWorkDays reads the working weekdays, 1 = Monday … 7 = Sunday, as
// a list and ranges: "1-5", "1,2,3,4,5,6", "1-3 5". A week with no
// working day would stop every timer, so at least one is needed.
func parseWorkDays(v string) ([]int, error) {
	bad := errorf(ErrInvalid, "err.bad_work_days")
	var days []int
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '，' }) {
		a, b, isRange := strings.Cut(f, "-")
		lo, err1 := strconv.Atoi(a)
		hi, err2 := lo, error(nil)
		if isRange {
			hi, err2 = strconv.Atoi(b)
		}
		if err1 != nil || err2 != nil || lo < 1 || hi > 7 || lo > hi {
			return nil, bad
		}
		for d := lo; d <= hi; d++ {
			days = append(days, d)
		}
	}
	if len(days) == 0 {
		return nil, bad
	}
	slices.Sort(days)
	return slices.Compact(days), nil
}

// formatWorkDays writes the working weekdays as parseWorkDays reads them;
// none stored means the timers' default, Monday to Friday.
func formatWorkDays(days []int) string {
	if len(days) == 0 {
		days = []int{1, 2, 3, 4, 5}
	}
	out := make([]string, len(days))
	for i, d := range days {
		out[i] = strconv.Itoa(d)
	}
	return strings.Join(out, ",")
}
