package models

import (
	"context"
	"time"
)

// BookingClaim is one seat of one slot of the claim grid held by an active booking (or its
// buffer). Its primary key (resource, slot, seat) is what makes a double booking impossible.
type BookingClaim struct {
	ResourceID int64     `gorm:"primaryKey;autoIncrement:false"`
	SlotStart  time.Time `gorm:"primaryKey"`
	Seat       int       `gorm:"primaryKey;autoIncrement:false"`
	BookingID  int64
}

// ClaimGrid is the step of the claim grid: every booking, and the buffer after it, is claimed
// slot by slot on this grid, counted from the Unix epoch (so it is the same in every time zone
// whose offset is a multiple of 15 minutes, which is all of China's and nearly all others).
const ClaimGrid = 15 * time.Minute

// ClaimSlots lists the grid slots that cover [start, end).
func ClaimSlots(start, end time.Time) []time.Time {
	var slots []time.Time
	for t := start.UTC().Truncate(ClaimGrid); t.Before(end); t = t.Add(ClaimGrid) {
		slots = append(slots, t)
	}
	return slots
}

// ClaimSlotCount is how many grid slots cover [start, end): len(ClaimSlots(start, end)),
// counted without listing them.
func ClaimSlotCount(start, end time.Time) int64 {
	first := start.UTC().Truncate(ClaimGrid)
	if !end.After(first) {
		return 0
	}
	return int64((end.Sub(first) + ClaimGrid - 1) / ClaimGrid)
}

// SlotClaim is one claimed seat of one slot.
type SlotClaim struct {
	SlotStart time.Time
	Seat      int
	BookingID int64
}

// ClaimsInRange lists the claims of a resource on the slots in [from, to).
func (d *DB) ClaimsInRange(ctx context.Context, resourceID int64, from, to time.Time) ([]SlotClaim, error) {
	var out []SlotClaim
	err := d.R(ctx).Model(&BookingClaim{}).Select("slot_start, seat, booking_id").
		Where("resource_id = ? AND slot_start >= ? AND slot_start < ?", resourceID, from.UTC(), to.UTC()).
		Order("slot_start, seat").Scan(&out).Error
	return out, err
}

// SlotCounts is how many seats of one resource are claimed in each grid slot from From on;
// slots outside the range read are counted as none.
type SlotCounts struct {
	From time.Time
	N    []int32
}

// At is how many seats are claimed in the grid slot that starts at t.
func (c SlotCounts) At(t time.Time) int {
	if t.Before(c.From) {
		return 0
	}
	i := t.Sub(c.From) / ClaimGrid
	if i >= time.Duration(len(c.N)) {
		return 0
	}
	return int(c.N[i])
}

// ClaimCountsInRange counts the claimed seats of many resources per slot in [from, to), in one
// query, for schedules and availability. The rows are read as plain
// integers into one block for all the resources, since a facility's week holds thousands.
func (d *DB) ClaimCountsInRange(ctx context.Context, resourceIDs []int64, from, to time.Time) (map[int64]SlotCounts, error) {
	from, to = from.UTC(), to.UTC()
	first, slots := from.Truncate(ClaimGrid), int(ClaimSlotCount(from, to))
	out := make(map[int64]SlotCounts, len(resourceIDs))
	if slots == 0 || len(resourceIDs) == 0 {
		return out, nil
	}
	block := make([]int32, slots*len(resourceIDs))
	for i, id := range resourceIDs {
		out[id] = SlotCounts{From: first, N: block[i*slots : (i+1)*slots : (i+1)*slots]}
	}
	rows, err := d.R(ctx).Raw("SELECT resource_id, "+d.unixSeconds("slot_start")+", COUNT(*) FROM booking_claims "+
		"WHERE resource_id IN ? AND slot_start >= ? AND slot_start < ? GROUP BY resource_id, slot_start",
		resourceIDs, from, to).Rows()
	if err != nil {
		return out, err
	}
	defer rows.Close()
	base, grid := first.Unix(), int64(ClaimGrid/time.Second)
	for rows.Next() {
		var id, at int64
		var n int32
		if err := rows.Scan(&id, &at, &n); err != nil {
			return out, err
		}
		c, ok := out[id]
		if off := at - base; ok && off >= 0 && off%grid == 0 && off/grid < int64(slots) {
			c.N[off/grid] = n
		}
	}
	return out, rows.Err()
}

// InsertClaims inserts claim rows; a duplicate key means another transaction claimed the same
// seat first.
func (d *DB) InsertClaims(ctx context.Context, claims []BookingClaim) error {
	if len(claims) == 0 {
		return nil
	}
	return insertRows(d.W(ctx), claims)
}

// DeleteClaims releases a booking's claims on slots at or after from.
func (d *DB) DeleteClaims(ctx context.Context, bookingID int64, from time.Time) error {
	return d.W(ctx).Where("booking_id = ? AND slot_start >= ?", bookingID, from.UTC()).Delete(&BookingClaim{}).Error
}

// DeleteClaimsBefore removes the claims of slots that start before t: no booking can start in
// the past, so they guard nothing any more.
func (d *DB) DeleteClaimsBefore(ctx context.Context, t time.Time) (int64, error) {
	res := d.W(ctx).Where("slot_start < ?", t.UTC()).Delete(&BookingClaim{})
	return res.RowsAffected, res.Error
}
