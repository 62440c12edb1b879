package desk

import "slices"

// Catalog holds the fixed lists a report chooses from.
type Catalog struct {
	Zones        []Zone   `bson:"zones"`
	ProblemTypes []string `bson:"problemTypes"`
	RepairTypes  []string `bson:"repairTypes"`
	Version      int      `bson:"version"`
	// Inputs are the latest inputs that changed the catalogue (WithInput),
	// so that the same input handed over again after a crash finds its
	// change made rather than refused ("already there", "no such entry").
	Inputs []string `bson:"inputs,omitempty"`
}

// Zone is a plot of the campus (地块) and its buildings.
type Zone struct {
	Name      string   `bson:"name"`
	Buildings []string `bson:"buildings"`
}

// Zone returns the zone with a name.
func (c Catalog) Zone(name string) (Zone, bool) {
	for _, z := range c.Zones {
		if z.Name == name {
			return z, true
		}
	}
	return Zone{}, false
}

// HasBuilding reports whether the building belongs to the zone.
func (c Catalog) HasBuilding(zone, building string) bool {
	z, ok := c.Zone(zone)
	return ok && slices.Contains(z.Buildings, building)
}

func (c Catalog) HasProblemType(p string) bool { return slices.Contains(c.ProblemTypes, p) }

func (c Catalog) HasRepairType(p string) bool { return slices.Contains(c.RepairTypes, p) }

// withReported returns a copy of c that also holds the zone, building and
// problem type of r, so that a ticket reported before an entry was
// renamed or removed can still be edited without choosing them again.
func (c Catalog) withReported(r Report) Catalog {
	zones := make([]Zone, len(c.Zones), len(c.Zones)+1)
	for i, z := range c.Zones {
		zones[i] = Zone{Name: z.Name, Buildings: slices.Clone(z.Buildings)}
	}
	i := slices.IndexFunc(zones, func(z Zone) bool { return z.Name == r.Location.Zone })
	if i < 0 {
		zones = append(zones, Zone{Name: r.Location.Zone})
		i = len(zones) - 1
	}
	if !slices.Contains(zones[i].Buildings, r.Location.Building) {
		zones[i].Buildings = append(zones[i].Buildings, r.Location.Building)
	}
	c.Zones = zones
	if !c.HasProblemType(r.ProblemType) {
		c.ProblemTypes = append(slices.Clone(c.ProblemTypes), r.ProblemType)
	}
	return c
}

// DefaultCatalog is what a new desk starts with; admins change it in the chat.
func DefaultCatalog() Catalog {
	return Catalog{
		Zones: []Zone{
			{Name: "A区 North", Buildings: []string{"A1 教学楼 Teaching", "A2 图书馆 Library", "A3 实验楼 Labs"}},
			{Name: "B区 South", Buildings: []string{"B1 宿舍 Dorm 1", "B2 宿舍 Dorm 2", "B3 食堂 Canteen"}},
			{Name: "C区 East", Buildings: []string{"C1 体育馆 Gym", "C2 行政楼 Admin"}},
		},
		ProblemTypes: []string{"电气 Electrical", "给排水 Plumbing", "空调 HVAC", "网络 Network", "家具 Furniture", "门窗 Doors & windows", "其他 Other"},
		RepairTypes:  []string{"更换 Replace", "维修 Repair", "调试 Adjust", "清洁 Clean", "无需维修 No fault found"},
	}
}
