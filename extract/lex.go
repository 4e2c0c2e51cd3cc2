package extract

import (
	"hash/maphash"
	"strings"
)

// lexTable maps a normalised word to its lexicon index. It is an open
// addressing table over one hash per token: the hash of a document's word
// serves both the document's own word table and this one, and a miss (most
// words of an article are on no list) usually costs one probe. A slot holds
// what a look-up needs: a short word (eight bytes at most, most words) is
// packed into the slot itself, so a hit reads nothing else.
type lexTable struct {
	seed   maphash.Seed
	k0, k1 uint64    // random keys of the short-word hash
	slots  []lexSlot // a power of two, at most half full
	blob   string    // every word, one after the other
	offs   []uint32  // by lexicon index: where its word starts in blob
	// one bit per hash prefix of a word in the table: most words of an
	// article are in no list, and this small filter answers for them
	// without touching the larger table
	filter [1 << 10]uint64
}

type lexSlot struct {
	v    uint64 // the word packed (pack8) when at most eight bytes
	bits uint64 // the word's lexEntry bits
	tag  uint32 // tagOf the word's hash and length
	k    int32  // lexicon index + 1; 0 for an empty slot
}

func newLexTable(words []string, bits []uint64) *lexTable {
	lt := &lexTable{seed: maphash.MakeSeed()}
	lt.k0 = maphash.Comparable(lt.seed, 0)
	lt.k1 = maphash.Comparable(lt.seed, 1) | 1
	n := 64
	for n < 2*len(words) {
		n *= 2
	}
	lt.slots = make([]lexSlot, n)
	var blob strings.Builder
	lt.offs = make([]uint32, len(words)+1)
	for k, w := range words {
		lt.offs[k] = uint32(blob.Len())
		blob.WriteString(w)
	}
	lt.offs[len(words)] = uint32(blob.Len())
	lt.blob = blob.String()
	mask := uint64(n - 1)
	for k, w := range words {
		h, v := lt.key(w)
		p := h & mask
		for lt.slots[p].k != 0 {
			p = (p + 1) & mask
		}
		lt.slots[p] = lexSlot{v: v, bits: bits[k], tag: tagOf(h, len(w)), k: int32(k + 1)}
		f := h >> 48
		lt.filter[f>>6] |= 1 << (f & 63)
	}
	return lt
}

// key returns a word's hash for this table and the documents' word tables,
// and its pack when it has at most eight bytes (else 0). A short word is
// hashed from its pack mixed with random keys, cheaper than the general
// string hash and as unpredictable.
func (lt *lexTable) key(w string) (h, v uint64) {
	if len(w) > 8 {
		return maphash.String(lt.seed, w), 0
	}
	for k := 0; k < len(w); k++ {
		v |= uint64(w[k]) << (8 * k)
	}
	return lt.mix(v, len(w)), v
}

// keyAt is key for the word s[i:i+n] when eight bytes from i lie within s:
// the pack is then one load, masked to the word.
func (lt *lexTable) keyAt(s string, i, n int) (h, v uint64) {
	if n > 8 || i+8 > len(s) {
		return lt.key(s[i : i+n])
	}
	b := s[i : i+8]
	v = uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
	if n < 8 {
		v &= 1<<(8*n) - 1
	}
	return lt.mix(v, n), v
}

// mix hashes the pack of a word of n bytes.
func (lt *lexTable) mix(v uint64, n int) uint64 {
	// splitmix64's finaliser over the keyed pack and the length
	x := (v ^ lt.k0) + uint64(n)*lt.k1
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// tagOf is a slot's tag: high bits of the hash, and in the top four the
// word's length (15 for any past 14), so equal tags of short words mean
// equal lengths and equal packs mean equal words.
func tagOf(h uint64, n int) uint32 {
	return uint32(h>>32)&0x0fffffff | uint32(min(n, 15))<<28
}

// find returns the lexicon index and bits of word w with key h, v, or -1.
func (lt *lexTable) find(w string, h, v uint64) (int32, uint64) {
	if f := h >> 48; lt.filter[f>>6]&(1<<(f&63)) == 0 {
		return -1, 0
	}
	mask := uint64(len(lt.slots) - 1)
	tag := tagOf(h, len(w))
	for p := h & mask; ; p = (p + 1) & mask {
		s := &lt.slots[p]
		if s.k == 0 {
			return -1, 0
		}
		if s.tag != tag {
			continue
		}
		if len(w) <= 8 && s.v == v || len(w) > 8 && lt.blob[lt.offs[s.k-1]:lt.offs[s.k]] == w {
			return s.k - 1, s.bits
		}
	}
}
