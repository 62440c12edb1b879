package desk

import (
	"context"
	"errors"
	"slices"
	"strings"
)

func requireAdmin(actor *User) error {
	if !actor.Is(RoleAdmin) {
		return errorf(ErrForbidden, "err.forbidden")
	}
	return nil
}

// SetSetting changes one setting by key.
func (s *Service) SetSetting(ctx context.Context, actor *User, key, value string) (Settings, error) {
	if err := requireAdmin(actor); err != nil {
		return Settings{}, err
	}
	def, ok := SettingByKey(key)
	if !ok {
		return Settings{}, errorf(ErrInvalid, "err.unknown_setting", key)
	}
	for range updateRetries {
		st, err := s.config.Settings(ctx)
		if err != nil {
			return st, err
		}
		prev := st.Version
		if err := def.Set(&st, strings.TrimSpace(value)); err != nil {
			return st, err
		}
		st.Version++
		err = s.config.SaveSettings(ctx, st, prev)
		if errors.Is(err, ErrConflict) {
			continue
		}
		return st, err
	}
	return Settings{}, errorf(ErrConflict, "err.busy")
}

// CatalogList names one of the catalogue's lists.
type CatalogList string

const (
	ListZones        CatalogList = "zones"
	ListBuildings    CatalogList = "buildings" // of one zone
	ListProblemTypes CatalogList = "problems"
	ListRepairTypes  CatalogList = "repairs"
)

// EditCatalog adds (add=true) or removes an entry of a catalogue list.
// zone names the zone for ListBuildings.
func (s *Service) EditCatalog(ctx context.Context, actor *User, list CatalogList, zone, entry string, add bool) (Catalog, error) {
	if err := requireAdmin(actor); err != nil {
		return Catalog{}, err
	}
	entry, err := CleanText(entry, MaxShort, true)
	if err != nil {
		return Catalog{}, err
	}
	return s.changeCatalog(ctx, func(c *Catalog) error { return editList(c, list, zone, entry, add) })
}

// changeCatalog reads the catalogue, lets f change it, and writes it back
// if nobody changed it meanwhile; otherwise it reads it again and lets f
// decide again. A catalogue already changed by the input in ctx is
// returned as it is.
func (s *Service) changeCatalog(ctx context.Context, f func(*Catalog) error) (Catalog, error) {
	for range updateRetries {
		c, err := s.config.Catalog(ctx)
		if err != nil {
			return c, err
		}
		if inputDone(ctx, c.Inputs) {
			return c, nil
		}
		prev := c.Version
		if err := f(&c); err != nil {
			return c, err
		}
		c.Inputs = addInput(ctx, c.Inputs)
		c.Version++
		err = s.config.SaveCatalog(ctx, c, prev)
		if errors.Is(err, ErrConflict) {
			continue
		}
		return c, err
	}
	return Catalog{}, errorf(ErrConflict, "err.busy")
}

func editList(c *Catalog, list CatalogList, zone, entry string, add bool) error {
	edit := func(l []string) ([]string, error) {
		has := slices.Contains(l, entry)
		switch {
		case add && has:
			return l, errorf(ErrConflict, "err.entry_exists", entry)
		case !add && !has:
			return l, errorf(ErrNotFound, "err.no_entry", entry)
		case add:
			return append(l, entry), nil
		}
		return slices.DeleteFunc(l, func(x string) bool { return x == entry }), nil
	}
	var err error
	switch list {
	case ListProblemTypes:
		c.ProblemTypes, err = edit(c.ProblemTypes)
	case ListRepairTypes:
		c.RepairTypes, err = edit(c.RepairTypes)
	case ListZones:
		names := make([]string, len(c.Zones))
		for i, z := range c.Zones {
			names[i] = z.Name
		}
		if _, err = edit(names); err == nil {
			if add {
				c.Zones = append(c.Zones, Zone{Name: entry, Buildings: []string{}})
			} else {
				c.Zones = slices.DeleteFunc(c.Zones, func(z Zone) bool { return z.Name == entry })
			}
		}
	case ListBuildings:
		i := slices.IndexFunc(c.Zones, func(z Zone) bool { return z.Name == zone })
		if i < 0 {
			return errorf(ErrNotFound, "err.no_entry", zone)
		}
		c.Zones[i].Buildings, err = edit(c.Zones[i].Buildings)
	default:
		return errorf(ErrInvalid, "err.unknown_list", list)
	}
	return err
}

// RenameCatalog gives an entry of a catalogue list a new name, keeping
// its place in the list (and a zone's buildings). Tickets are not
// changed, live or archived: each keeps the place and problem as they
// were named when it was reported, which is what its requester and the
// dispatch chat were shown. Editing a pending ticket still accepts the
// old names it carries (Edit).
func (s *Service) RenameCatalog(ctx context.Context, actor *User, list CatalogList, zone, from, to string) (Catalog, error) {
	if err := requireAdmin(actor); err != nil {
		return Catalog{}, err
	}
	to, err := CleanText(to, MaxShort, true)
	if err != nil {
		return Catalog{}, err
	}
	return s.changeCatalog(ctx, func(c *Catalog) error { return renameEntry(c, list, zone, from, to) })
}

func renameEntry(c *Catalog, list CatalogList, zone, from, to string) error {
	rename := func(l []string) error {
		i := slices.Index(l, from)
		switch {
		case i < 0:
			return errorf(ErrNotFound, "err.no_entry", from)
		case from != to && slices.Contains(l, to):
			return errorf(ErrConflict, "err.entry_exists", to)
		}
		l[i] = to
		return nil
	}
	switch list {
	case ListProblemTypes:
		return rename(c.ProblemTypes)
	case ListRepairTypes:
		return rename(c.RepairTypes)
	case ListZones:
		names := zoneNames(c.Zones)
		if err := rename(names); err != nil {
			return err
		}
		for i := range c.Zones {
			c.Zones[i].Name = names[i]
		}
		return nil
	case ListBuildings:
		i := slices.IndexFunc(c.Zones, func(z Zone) bool { return z.Name == zone })
		if i < 0 {
			return errorf(ErrNotFound, "err.no_entry", zone)
		}
		return rename(c.Zones[i].Buildings)
	}
	return errorf(ErrInvalid, "err.unknown_list", list)
}

func zoneNames(zs []Zone) []string {
	out := make([]string, len(zs))
	for i, z := range zs {
		out[i] = z.Name
	}
	return out
}
