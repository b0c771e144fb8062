// Malformed text traces, each with the line and Go's text of the error it must
// give; shared by the text-format suites.
export const TEXT_FAULTS: readonly [name: string, text: string, line: number, goMessage: string][] = [
  ['empty', '', 1, 'EOF'],
  ['no Trace word', 'Tracy Go1.22\n', 1, 'failed to parse header'],
  ['bad version word', 'Trace go1.22\n', 1, 'failed to parse header Go version'],
  ['version not a number', 'Trace Go1.2x\n', 1, 'failed to parse header Go version: strconv.ParseUint: parsing "2x": invalid syntax'],
  ['unknown version', '# c\nTrace Go1.24\n', 2, 'unknown or unsupported Go version 1.24'],
  ['header junk', 'Trace Go1.22 x\n', 1, 'encountered unexpected non-space at the end of the header: " x"'],
  ['unknown event name', 'Trace Go1.22\nFoo x=1\n', 2, 'unidentified event: Foo'],
  ['event of a later version', 'Trace Go1.22\nGoSwitch dt=1 g=1 g_seq=1\n', 2, 'unidentified event: GoSwitch'],
  ['bad argument value', 'Trace Go1.22\n\nGoStart dt=1 g=x g_seq=1\n', 3, 'reading args for GoStart: failed to parse argument value "x" for arg "g"'],
  ['negative value', 'Trace Go1.22\nGoStart dt=1 g=-1 g_seq=1\n', 2, 'reading args for GoStart: failed to parse argument value "-1" for arg "g"'],
  ['value over 64 bits', 'Trace Go1.22\nHeapAlloc dt=1 heapalloc_value=18446744073709551616\n', 2, 'reading args for HeapAlloc: failed to parse argument value "18446744073709551616" for arg "heapalloc_value"'],
  ['missing argument', 'Trace Go1.22\nGoStart dt=1 g=1\n', 2, 'reading args for GoStart: no argument'],
  ['wrong argument name', 'Trace Go1.22\nGoStart dt=1 p=1 g_seq=1\n', 2, 'reading args for GoStart: expected argument "g", but got "p"'],
  ['malformed argument', 'Trace Go1.22\nGoStart dt=1 g g_seq=1\n', 2, 'reading args for GoStart: malformed argument: "g"'],
  ['extra argument', 'Trace Go1.22\nProcStop dt=1 x=2\n', 2, 'reading args for ProcStop: encountered unexpected non-space at the end of an event: " x=2"'],
  ['trailing comment', 'Trace Go1.22\nProcStop dt=1 # no\n', 2, 'reading args for ProcStop: encountered unexpected non-space at the end of an event: " # no"'],
  ['missing data line', 'Trace Go1.22\nString id=1\n', 3, 'unexpected EOF while reading data for String: args=[1]'],
  ['data line without data=', 'Trace Go1.22\nString id=1\nGoStart dt=1 g=1 g_seq=1\n', 3, 'malformed data: "GoStart dt=1 g=1 g_seq=1"'],
  ['bad quoted data', 'Trace Go1.22\nString id=1\n\tdata="abc\n', 3, 'failed to parse data: "\\tdata=\\"abc": invalid syntax'],
  ['bad escape in data', 'Trace Go1.22\nString id=1\n\tdata="\\q"\n', 3, 'failed to parse data: "\\tdata=\\"\\\\q\\"": invalid syntax'],
  ['missing frames', 'Trace Go1.22\nStack id=1 nframes=2\n\tpc=1 func=2 file=3 line=4\n', 4, 'unexpected EOF while reading stack: args=[1 2 1 2 3 4]'],
  ['bad frame', 'Trace Go1.22\nStack id=1 nframes=1\n\tpc=1 func=2 line=4\n', 3, 'expected argument "file", but got "line"'],
];

/** Text traces Go's text reader accepts although they look odd. */
export const TEXT_ODDITIES: readonly [name: string, text: string][] = [
  ['version wraps to 32 bits', 'Trace Go1.4294967318\nFrequency freq=1\n'],
  ['comments, CRLF and Unicode spaces', '# c\r\nTrace\u00a0Go1.22 \r\n\n  # x\nGoStart\tdt=1\u3000g=2 g_seq=3\r\nString id=1\n\n\tdata = "x"  \n'],
  ['data as raw and rune literals', "Trace Go1.22\nString id=1\ndata=`a\\n`\nString id=2\ndata='\\x41'\nString id=3\ndata=''\n"],
  ['empty data and octal escapes', 'Trace Go1.23\nString id=1\ndata=""\nString id=2\ndata="\\101\\377"\n'],
];
