import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Transactions per minute as bars (uPlot, drawn on a canvas: nothing inline for the CSP to refuse). */
export function PerMinuteChart(props: { points: readonly { minute: string; count: number }[] }): JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot>();
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const data: uPlot.AlignedData = [
      props.points.map((p) => Date.parse(p.minute) / 1000),
      props.points.map((p) => p.count),
    ];
    if (!chart.current) {
      chart.current = new uPlot(
        {
          width: Math.max(320, el.clientWidth),
          height: 180,
          legend: { show: false },
          cursor: { show: true, points: { show: false } },
          scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(4, max)] } },
          axes: [{ stroke: '#667' }, { stroke: '#667', size: 40 }],
          series: [
            {},
            {
              label: 'transactions / min',
              stroke: '#2b6cb0',
              fill: 'rgba(43,108,176,0.35)',
              paths: uPlot.paths.bars?.({ size: [0.8, 12] }),
              points: { show: false },
            },
          ],
        },
        data,
        el,
      );
    } else {
      chart.current.setData(data);
    }
  }, [props.points]);
  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = undefined;
    },
    [],
  );
  return <div class="chart" ref={host} data-testid="tpm-chart" />;
}
