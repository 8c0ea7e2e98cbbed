import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../../i18n/i18n';
import type { WeekPoint } from './report-client';

/**
 * The group's progress over time: cumulative units planned vs done, week by week. uPlot (about
 * 50 KB minified, canvas, no dependencies) is import()ed here, so esbuild puts it in a chunk of
 * its own that only this page loads. Its small stylesheet comes with report.css. A hidden table
 * gives the same numbers to screen readers.
 */

const PLANNED = '#a8adb4';
const ACTUAL = '#2fc6f6';
const HEIGHT = 240;

export function ReportChart(props: { weeks: readonly WeekPoint[] }) {
  const { t, lang } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');

  useEffect(() => {
    let disposed = false;
    let plot: { destroy(): void; setSize(size: { width: number; height: number }): void } | null = null;
    let observer: ResizeObserver | null = null;
    import('uplot')
      .then(({ default: UPlot }) => {
        const el = host.current;
        if (disposed || !el) return;
        // x is the week's index; its label is the Monday it starts on, in the viewer's language.
        const x = props.weeks.map((_w, i) => i);
        const data: [number[], Array<number | null>, Array<number | null>] = [x, props.weeks.map((w) => w.planned), props.weeks.map((w) => w.actual)];
        const label = (i: number) => {
          const week = props.weeks[i];
          return week && Number.isInteger(i) ? new Date(`${week.weekOf}T00:00:00Z`).toLocaleDateString(lang, { day: 'numeric', month: 'short', timeZone: 'UTC' }) : '';
        };
        const axis = { stroke: '#828b95', grid: { stroke: '#edeef0' }, ticks: { stroke: '#edeef0' }, font: '12px "Open Sans", Arial, sans-serif' };
        plot = new UPlot(
          {
            width: el.clientWidth || 800,
            height: HEIGHT,
            legend: { show: false },
            cursor: { drag: { x: false, y: false } },
            scales: { x: { time: false, range: (_u, min, max) => [min - 0.25, Math.max(max, min + 1) + 0.25] }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
            axes: [
              { ...axis, incrs: [1, 2, 4, 8, 13, 26, 52], values: (_u, splits) => splits.map(label) },
              { ...axis, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] },
            ],
            series: [
              {},
              { label: t('reports.chart.planned'), stroke: PLANNED, width: 2, dash: [6, 4], points: { show: props.weeks.length < 30 } },
              { label: t('reports.chart.actual'), stroke: ACTUAL, fill: 'rgba(47, 198, 246, 0.12)', width: 2, points: { show: props.weeks.length < 30 } },
            ],
          },
          data,
          el,
        );
        observer = new ResizeObserver(() => plot?.setSize({ width: el.clientWidth, height: HEIGHT }));
        observer.observe(el);
        setState('ready');
      })
      .catch(() => {
        if (!disposed) setState('failed');
      });
    return () => {
      disposed = true;
      observer?.disconnect();
      plot?.destroy();
    };
  }, [props.weeks, lang]);

  return (
    <figure class="tg-report-chart" data-testid="report-chart" data-state={state}>
      <figcaption class="tg-report-legend">
        <span class="tg-report-key tg-report-key-planned">{t('reports.chart.planned')}</span>
        <span class="tg-report-key tg-report-key-actual">{t('reports.chart.actual')}</span>
      </figcaption>
      <div ref={host} class="tg-report-plot" aria-hidden="true" />
      {state === 'loading' && <p class="tg-muted">{t('reports.chart.loading')}</p>}
      {state === 'failed' && (
        <p class="tg-error" role="alert">
          {t('reports.chart.failed')}
        </p>
      )}
      <table class="tg-sr-only">
        <thead>
          <tr>
            <th scope="col">{t('reports.chart.week', { day: '' }).trim()}</th>
            <th scope="col">{t('reports.chart.planned')}</th>
            <th scope="col">{t('reports.chart.actual')}</th>
          </tr>
        </thead>
        <tbody>
          {props.weeks.map((w) => (
            <tr key={w.weekOf}>
              <th scope="row">{t('reports.chart.week', { day: w.weekOf })}</th>
              <td>{w.planned}</td>
              <td>{w.actual ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
