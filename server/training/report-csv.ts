/**
 * The group report as CSV (issue 10 part 8), pure. Excel decides a CSV's encoding from a BOM:
 * without one it reads the bytes in the machine's ANSI code page and Cyrillic names turn into
 * mojibake; with the UTF-8 BOM it reads UTF-8. The separator stays a comma: Excel opens a
 * BOM-marked file by double-click with commas split into columns in both the English and the
 * Russian locale when fields are quoted as RFC 4180 says (a `sep=` line would work too, but it
 * makes Excel drop the BOM and with it the Cyrillic), and every other tool expects a comma.
 */

export const BOM = '\uFEFF';

export type CsvLang = 'en' | 'ru';

export const CSV_COLUMNS = ['name', 'status', 'onTrack', 'unitsPlanned', 'unitsDone', 'unitsTotal', 'plannedEnd', 'estimatedEnd', 'averageScore', 'attempts', 'attention'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export const CSV_HEADERS: Record<CsvLang, Record<CsvColumn, string>> = {
  en: {
    name: 'Name',
    status: 'Status',
    onTrack: 'On track',
    unitsPlanned: 'Units planned by today',
    unitsDone: 'Units done',
    unitsTotal: 'Units in plan',
    plannedEnd: 'Planned end',
    estimatedEnd: 'Estimated end',
    averageScore: 'Average best test score (%)',
    attempts: 'Test attempts',
    attention: 'Needs attention',
  },
  ru: {
    name: 'Сотрудник',
    status: 'Статус',
    onTrack: 'По плану',
    unitsPlanned: 'Блоков по плану на сегодня',
    unitsDone: 'Блоков пройдено',
    unitsTotal: 'Блоков в плане',
    plannedEnd: 'Плановое окончание',
    estimatedEnd: 'Ожидаемое окончание',
    averageScore: 'Средний лучший результат тестов (%)',
    attempts: 'Попыток тестов',
    attention: 'Требует внимания',
  },
};

export const CSV_WORDS: Record<CsvLang, Record<string, string>> = {
  en: { notStarted: 'Not started', inProgress: 'In progress', paused: 'Paused', completed: 'Completed', stopped: 'Stopped', yes: 'yes', no: 'no', behind: 'behind plan', failedTest: 'failed a test', notStartedReason: 'not started' },
  ru: { notStarted: 'Не начал', inProgress: 'В процессе', paused: 'На паузе', completed: 'Завершил', stopped: 'Остановлен', yes: 'да', no: 'нет', behind: 'отстаёт от плана', failedTest: 'не сдал тест', notStartedReason: 'не начал' },
};

/**
 * One cell: a text starting with = + - @ (or a tab / carriage return, which Excel strips before
 * looking) would be run as a formula when the file is opened, so it gets a leading apostrophe;
 * then quoted when it holds the separator, a quote or a line break.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole file: BOM, header row, one row per member, CRLF line ends (what Excel writes). */
export function toCsv(lang: CsvLang, rows: ReadonlyArray<Record<CsvColumn, string | number | null>>): string {
  const lines = [CSV_COLUMNS.map((c) => csvCell(CSV_HEADERS[lang][c])).join(',')];
  for (const row of rows) lines.push(CSV_COLUMNS.map((c) => csvCell(row[c])).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
