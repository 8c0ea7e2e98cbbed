/**
 * Saves an exchange file on the user's computer. The export route needs the session header, so
 * the file is fetched as data and handed to the browser as a download from memory.
 */
export function downloadJson(fileName: string, data: unknown): void {
  const blob = new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' });
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
