package conversation

import (
	"errors"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
)

// fuzzZones are the desk's own zone and ones whose clocks jump: a window
// typed across a daylight-saving change must still end after it starts.
var fuzzZones = []string{"Asia/Shanghai", "UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago"}

// FuzzParseWindow: a typed window is whatever a person types. Reading it
// must not panic; a refusal is a desk error the person is shown; and a
// window it accepts is one the desk itself would accept: both ends, the
// end after the start, not over and not a year away.
func FuzzParseWindow(f *testing.F) {
	for _, s := range []string{
		"2026-11-23 14:00 - 2026-11-23 18:00", "11-23 14:00 - 18:00", "2026-11-23 14:00 至 16:00",
		"2026/11/24 09:00 ~ 2026/11/24 10:00", "11/24 9:00 到 11/25 9:00", "2026-11-24 - 2026-11-26",
		"18:00 - 14:00", "14:00 to 15:00", "2026-11-23 14:00 — 16:00", "2026-11-23 14:00 – 16:00",
		"0000-01-01 00:00 - 9999-12-31 23:59", "2-29 10:00 - 11:00", "2026-3-8 01:30 - 03:30",
		"11-23 14:00 - ", " - ", "~", "至至至", "14:00 ～ 15:00 ～ 16:00", "25:00 - 26:00", "\xff - \xfe",
	} {
		for i := range 3 {
			f.Add(s, int64(i)*int64(97*24*time.Hour/time.Second), uint8(i))
		}
	}
	// The night the clocks go back in New York: 01:30 happens twice.
	f.Add("2026-11-01 01:30 - 01:45", int64(0), uint8(2))
	base := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	zones := make([]*time.Location, 0, len(fuzzZones))
	for _, name := range fuzzZones {
		loc, err := time.LoadLocation(name)
		if err != nil {
			f.Logf("zone %s: %v", name, err)
			continue
		}
		zones = append(zones, loc)
	}
	f.Fuzz(func(t *testing.T, s string, shift int64, zone uint8) {
		// Within about ten years either side, by the second.
		now := base.Add(time.Duration(shift%(10*366*24*3600)) * time.Second)
		loc := zones[int(zone)%len(zones)]
		w, err := parseWindow(s, now, loc)
		if err != nil {
			if !isDeskInvalid(err) {
				t.Fatalf("parseWindow(%q) at %v in %v: %v, not a desk error for bad input", s, now, loc, err)
			}
			return
		}
		if w.Start.IsZero() || !w.End.After(w.Start) {
			t.Fatalf("parseWindow(%q) at %v in %v = %v – %v", s, now, loc, w.Start, w.End)
		}
		if err := desk.CheckWindow(w, now); err != nil {
			t.Fatalf("parseWindow(%q) at %v in %v accepted a window the desk refuses: %v", s, now, loc, err)
		}
	})
}

// FuzzQuickWindow: a quick window's value comes back in a button token,
// so it may be forged; at any moment in any zone a known value gives a
// window that ends after it starts (or none, for "any").
func FuzzQuickWindow(f *testing.F) {
	for i, q := range quickWindows {
		f.Add(q.value, int64(i)*3600*5, uint8(i))
	}
	f.Add("today_pm", int64(13*3600+59*60), uint8(0))
	f.Add("today_pm", int64(17*3600+59*60+59), uint8(0))
	f.Add("", int64(0), uint8(0))
	f.Add("yesterday", int64(0), uint8(0))
	base := time.Date(2026, 11, 22, 16, 0, 0, 0, time.UTC) // midnight in Shanghai
	zones := make([]*time.Location, 0, len(fuzzZones))
	for _, name := range fuzzZones {
		if loc, err := time.LoadLocation(name); err == nil {
			zones = append(zones, loc)
		}
	}
	f.Fuzz(func(t *testing.T, v string, shift int64, zone uint8) {
		now := base.Add(time.Duration(shift%(10*366*24*3600)) * time.Second)
		loc := zones[int(zone)%len(zones)]
		w, err := quickWindowAt(v, now, loc)
		if err != nil {
			if !isDeskInvalid(err) {
				t.Fatalf("quickWindowAt(%q) at %v in %v: %v", v, now, loc, err)
			}
			return
		}
		if w == (desk.Window{}) {
			if v != "any" {
				t.Fatalf("quickWindowAt(%q) gave no window", v)
			}
			return
		}
		if !w.End.After(w.Start) || !w.End.After(now) {
			t.Fatalf("quickWindowAt(%q) at %v in %v = %v – %v", v, now, loc, w.Start, w.End)
		}
	})
}

// isDeskInvalid reports whether err is the desk's refusal of bad input,
// which the person is shown in their language.
func isDeskInvalid(err error) bool {
	var e *desk.Error
	return errors.As(err, &e) && errors.Is(err, desk.ErrInvalid) && e.Msg != ""
}
