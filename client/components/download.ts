/**
 * Saves data the app fetched (routes need the session header, so a plain link cannot fetch them)
 * on the user's computer, as a download from memory.
 */
function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser has taken the file once click() returns; the URL can go on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** An exchange file (catalog export). */
export function downloadJson(fileName: string, data: unknown): void {
  downloadBlob(fileName, new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' }));
}

/** A CSV with its BOM (fetch's text() drops it on decoding; Excel needs it for Cyrillic). */
export function downloadCsv(fileName: string, text: string): void {
  downloadBlob(fileName, new Blob([`\uFEFF${text.replace(/^\uFEFF/, '')}`], { type: 'text/csv;charset=utf-8' }));
}
