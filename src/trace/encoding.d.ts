// The WHATWG Encoding API (TextDecoder, TextEncoder): standard JavaScript in
// every engine the reader runs on (Node, browsers, Deno, Bun), yet declared by
// no ES lib, only by the DOM lib and @types/node. src/trace is type-checked
// without either (src/trace/tsconfig.json), so the part it uses is declared here.
declare interface TextDecoderOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}

declare interface TextDecodeOptions {
  stream?: boolean;
}

declare interface TextDecoder {
  readonly encoding: string;
  readonly fatal: boolean;
  readonly ignoreBOM: boolean;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: TextDecodeOptions): string;
}

declare const TextDecoder: {
  prototype: TextDecoder;
  new (label?: string, options?: TextDecoderOptions): TextDecoder;
};

declare interface TextEncoder {
  readonly encoding: string;
  encode(input?: string): Uint8Array;
}

declare const TextEncoder: {
  prototype: TextEncoder;
  new (): TextEncoder;
};
