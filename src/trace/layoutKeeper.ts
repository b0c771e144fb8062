// V8 gives the objects of a class (or of an object literal) a hidden layout
// (a "map"), and optimized code checks objects against the layouts it was
// compiled for. A layout no live object uses is collected by a full GC; the
// next object of the class then gets a new one, and every function
// optimized against the old layout is thrown away ("weak objects"
// deoptimization) to be compiled again. In a read that happens by itself:
// once a generation is loaded no table reader is alive, between two
// generations no batch cursor is, and between two traces nothing of the
// reader is. Measured: one full GC in a go1.25 trace with CPU samples threw
// away ten of the reader's hottest functions at once, and a second read of a
// trace after a full GC took 10–15% longer than it does with the layouts kept.
// So one object of each such class is kept here, made at load, for the life
// of the program, and its layout with it.
// A layout is also replaced when a field first holds a wider kind of value
// (a bigint where it held numbers): the kept object's fields named in
// `widen` are first given the widest value they will hold, so that its
// layout is the one every later object has.
const kept: object[] = [];

/** Keeps obj (and so its class's layout) alive for the life of the program, its fields in widen first set so; returns it. */
export function keepLayout<T extends object>(obj: T, widen: Record<string, unknown> = {}): T {
  for (const [field, value] of Object.entries(widen)) {
    // A name that is not a field would add one: another layout.
    if (!(field in obj)) throw new Error(`internal error: keepLayout: no field ${field}`);
    (obj as Record<string, unknown>)[field] = value;
  }
  kept.push(obj);
  return obj;
}

/** @internal For a test: lets every kept object go, to show what keeping them prevents. */
export function releaseLayouts(): void {
  kept.length = 0;
}
