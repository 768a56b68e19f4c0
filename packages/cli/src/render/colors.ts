/** ANSI styling that turns into the identity when colors are off (not a TTY, NO_COLOR, --no-color). */
export interface Styles {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
  magenta(text: string): string;
}

const CODES: Record<keyof Styles, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  yellow: [33, 39],
  green: [32, 39],
  cyan: [36, 39],
  magenta: [35, 39],
};

export function styles(enabled: boolean): Styles {
  const out = {} as Styles;
  for (const [name, [open, close]] of Object.entries(CODES) as Array<[keyof Styles, [number, number]]>) {
    out[name] = enabled ? (text) => (text === '' ? text : `\u001b[${open}m${text}\u001b[${close}m`) : (text) => text;
  }
  return out;
}
