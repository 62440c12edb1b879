package sheet

import (
	"encoding/binary"
	"errors"
)

// realign copies the first font of a font file or collection into a
// single font whose tables start on four-byte boundaries, as the sfnt
// format asks and golang.org/x/image insists. Some fonts in wide use
// (WenQuanYi Micro Hei among them) have a table that does not, and are
// otherwise sound.
func realign(data []byte) ([]byte, error) {
	be := binary.BigEndian
	bad := errors.New("sheet: not a font")
	at := 0
	if len(data) >= 16 && string(data[:4]) == "ttcf" {
		at = int(be.Uint32(data[12:]))
	}
	if at < 0 || at+12 > len(data) {
		return nil, bad
	}
	n := int(be.Uint16(data[at+4:]))
	if at+12+16*n > len(data) {
		return nil, bad
	}
	out := make([]byte, 12+16*n, len(data))
	copy(out, data[at:at+12])
	for i := range n {
		rec := data[at+12+16*i : at+12+16*(i+1)]
		off, length := int(be.Uint32(rec[8:])), int(be.Uint32(rec[12:]))
		if off < 0 || length < 0 || off+length > len(data) {
			return nil, bad
		}
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		o := out[12+16*i:]
		copy(o, rec[:8])
		be.PutUint32(o[8:], uint32(len(out)))
		be.PutUint32(o[12:], uint32(length))
		out = append(out, data[off:off+length]...)
	}
	return out, nil
}
