// The type of lib/scan/io.ts, the module a scan is handed as `deps.io`.
export type ScanIo = typeof import('./io.ts');
