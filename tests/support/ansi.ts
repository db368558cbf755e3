// ANSI colour codes in test output: the escape character, and text without the codes.
export const ESC = '\u001b';
const SGR = new RegExp(`${ESC}\\[[\\d;]*m`, 'g');

export const stripAnsi = (text: string): string => text.replace(SGR, '');

export const hasAnsi = (text: string): boolean => text.includes(`${ESC}[`);
