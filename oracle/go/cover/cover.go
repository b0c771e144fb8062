package main

// Coverage feedback for the protocol server (PROTOCOL.md, "Coverage"). A
// coverage build of the server (the reader package built with -cover
// -covermode=atomic) links this file; it then
//   - names, in the hello, how many coverable blocks the reader has;
//   - answers op 'B' with the table of those blocks (file, lines, statements);
//   - after every outcome, appends the ids of the blocks that this case reached
//     for the first time since the start or the last reset (op 'R').
//
// Counters are read in-process through runtime/coverage (WriteMeta once,
// WriteCounters after each case) and decoded here, from the documented
// meta-data and counter-data formats (internal/coverage/defs.go): the same
// file serves readers built inside GOROOT and golang.org/x/exp, which cannot
// import internal/coverage.

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"runtime/coverage"
	"strings"
)

const (
	opBlocks = 'B' // the block table, as JSON
	opReset  = 'R' // forget what was reached (per input set)
)

// block is one coverable unit of the reader: a counter of the coverage build.
type block struct {
	File  string `json:"file"`
	Func  string `json:"func"`
	Line0 uint32 `json:"line0"`
	Col0  uint32 `json:"col0"`
	Line1 uint32 `json:"line1"`
	Col1  uint32 `json:"col1"`
	Stmts uint32 `json:"stmts"`
}

var cov struct {
	blocks []block
	// first[pkg][fn] is the id of function fn's first block in package pkg
	// (its counters are consecutive ids); -1 for packages left out.
	first [][]int
	seen  []bool
	buf   bytes.Buffer
}

// The counters' meta-data exists only once the program's main package has
// initialised coverage (a test binary's main runs after this file's init),
// so it is read when the server starts.
func init() { onStart = startCoverage }

func startCoverage() {
	var meta bytes.Buffer
	if err := coverage.WriteMeta(&meta); err != nil {
		fmt.Fprintln(os.Stderr, "tracefuzz-oracle: coverage build without coverage data:", err)
		os.Exit(2)
	}
	if err := readMeta(meta.Bytes()); err != nil {
		fmt.Fprintln(os.Stderr, "tracefuzz-oracle: cannot decode coverage meta-data:", err)
		os.Exit(2)
	}
	cov.seen = make([]bool, len(cov.blocks))
	helloFields["coverage"] = map[string]any{"blocks": len(cov.blocks)}
	extraOps[opBlocks] = func(out *bufio.Writer, _ []byte) {
		table, _ := json.Marshal(cov.blocks)
		writeBytes(out, table)
	}
	extraOps[opReset] = func(out *bufio.Writer, _ []byte) {
		for i := range cov.seen {
			cov.seen[i] = false
		}
		_ = coverage.ClearCounters()
		writeU32(out, 0)
	}
	afterOutcome = func(out *bufio.Writer) {
		fresh, err := reached()
		if err != nil {
			fmt.Fprintln(os.Stderr, "tracefuzz-oracle: cannot read coverage counters:", err)
			os.Exit(2)
		}
		writeU32(out, uint32(len(fresh)))
		for _, id := range fresh {
			writeU32(out, uint32(id))
		}
	}
}

// keepPackage says which packages' blocks are reported: the reader package
// (the build's -coverpkg names it), not the server's own.
func keepPackage(path string) bool {
	return path != "main" && !strings.HasPrefix(path, "tracefuzz.local/") && !strings.HasSuffix(path, "_test")
}

type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) need(n int) bool {
	if r.err == nil && (n < 0 || r.off+n > len(r.b)) {
		r.err = fmt.Errorf("truncated at byte %d", r.off)
	}
	return r.err == nil
}

func (r *reader) u32() uint32 {
	if !r.need(4) {
		return 0
	}
	v := binary.LittleEndian.Uint32(r.b[r.off:])
	r.off += 4
	return v
}

func (r *reader) u64() uint64 {
	if !r.need(8) {
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b[r.off:])
	r.off += 8
	return v
}

func (r *reader) uleb() uint64 {
	var v uint64
	for shift := uint(0); ; shift += 7 {
		if !r.need(1) || shift > 63 {
			if r.err == nil {
				r.err = fmt.Errorf("bad uleb128 at byte %d", r.off)
			}
			return 0
		}
		c := r.b[r.off]
		r.off++
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v
		}
	}
}

func (r *reader) strtab() []string {
	n := r.uleb()
	var out []string
	for i := uint64(0); i < n && r.err == nil; i++ {
		l := int(r.uleb())
		if !r.need(l) {
			break
		}
		out = append(out, string(r.b[r.off:r.off+l]))
		r.off += l
	}
	return out
}

func str(tab []string, i uint64) string {
	if i < uint64(len(tab)) {
		return tab[i]
	}
	return ""
}

// Sizes of the fixed headers (internal/coverage/defs.go).
const (
	metaFileHeaderSize = 4 + 4 + 8 + 8 + 16 + 4 + 4 + 1 + 1 + 6
	metaPkgHeaderSize  = 4 + 4 + 4 + 4 + 16 + 4 + 4 + 4
	ctrFileHeaderSize  = 4 + 4 + 16 + 1 + 1 + 6
	ctrSegHeaderSize   = 8 + 4 + 4
)

func readMeta(b []byte) error {
	r := &reader{b: b}
	if !r.need(metaFileHeaderSize) || string(b[:4]) != "\x00\x63\x76\x6d" {
		return fmt.Errorf("not a coverage meta-data file")
	}
	r.off = 16
	entries := r.u64()
	r.off = metaFileHeaderSize
	offsets := make([]uint64, entries)
	for i := range offsets {
		offsets[i] = r.u64()
	}
	cov.first = make([][]int, entries)
	for p, off := range offsets {
		if off+metaPkgHeaderSize > uint64(len(b)) {
			return fmt.Errorf("package %d outside the file", p)
		}
		blob := &reader{b: b[off:]}
		length := blob.u32()
		blob.b = blob.b[:min(uint64(len(blob.b)), uint64(length))]
		blob.u32() // package name
		pkgPath := blob.u32()
		blob.off = metaPkgHeaderSize - 4
		numFuncs := blob.u32()
		funcOffsets := make([]uint32, numFuncs)
		for i := range funcOffsets {
			funcOffsets[i] = blob.u32()
		}
		tab := blob.strtab()
		if blob.err != nil {
			return blob.err
		}
		cov.first[p] = make([]int, numFuncs)
		keep := keepPackage(str(tab, uint64(pkgPath)))
		for f, foff := range funcOffsets {
			cov.first[p][f] = -1
			if !keep {
				continue
			}
			fr := &reader{b: blob.b, off: int(foff)}
			units := fr.uleb()
			fn := str(tab, fr.uleb())
			file := str(tab, fr.uleb())
			cov.first[p][f] = len(cov.blocks)
			for u := uint64(0); u < units && fr.err == nil; u++ {
				cov.blocks = append(cov.blocks, block{
					File: file, Func: fn,
					Line0: uint32(fr.uleb()), Col0: uint32(fr.uleb()),
					Line1: uint32(fr.uleb()), Col1: uint32(fr.uleb()),
					Stmts: uint32(fr.uleb()),
				})
			}
			if fr.err != nil {
				return fr.err
			}
		}
	}
	return r.err
}

// reached decodes the counters and returns the ids of blocks hit for the
// first time (marking them seen).
func reached() ([]int, error) {
	cov.buf.Reset()
	if err := coverage.WriteCounters(&cov.buf); err != nil {
		return nil, err
	}
	b := cov.buf.Bytes()
	r := &reader{b: b}
	if !r.need(ctrFileHeaderSize) || string(b[:4]) != "\x00\x63\x77\x6d" {
		return nil, fmt.Errorf("not a coverage counter file")
	}
	flavor := b[24]
	r.off = ctrFileHeaderSize
	entries := r.u64()
	strLen := r.u32()
	argsLen := r.u32()
	r.off += int(strLen) + int(argsLen)
	r.off = (r.off + 3) &^ 3
	val := r.u32
	if flavor == 2 { // CtrULeb128
		val = func() uint32 { return uint32(r.uleb()) }
	}
	var fresh []int
	for e := uint64(0); e < entries && r.err == nil; e++ {
		n, pkg, fn := val(), val(), val()
		base := -1
		if int(pkg) < len(cov.first) && int(fn) < len(cov.first[pkg]) {
			base = cov.first[pkg][fn]
		}
		for i := 0; i < int(n) && r.err == nil; i++ {
			if c := val(); c != 0 && base >= 0 && base+i < len(cov.seen) && !cov.seen[base+i] {
				cov.seen[base+i] = true
				fresh = append(fresh, base+i)
			}
		}
	}
	return fresh, r.err
}
