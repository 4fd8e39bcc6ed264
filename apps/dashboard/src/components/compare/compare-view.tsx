'use client';
// The compare page: chosen runs' curves overlaid one chart per metric (batch metrics by step), or grouped as a mean and a
// band per group; test accuracy, results and configs.
import { configPaths } from '@mnist-lab/contracts';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from '../common/app-link';
import { useMemo, useState } from 'react';
import { chartAxis, pointsPerSeries } from '../../lib/chart-axis';
import { isBatchMetric, isLossMetric, orderMetrics, type ChartSeries } from '../../lib/chart-data';
import { toMillis } from '../../lib/format';
import { groupBandPoints } from '../../lib/group-curves';
import { runColor } from '../../lib/palette';
import { NO_GROUPING, groupRuns, hasSeedRepeats, serializeGroupBy } from '../../lib/run-groups';
import { LIVE_POLL_MS, isLiveStatus, liveInterval } from '../../trpc/live';
import { useTRPC } from '../../trpc/react';
import type { RouterOutputs } from '../../trpc/types';
import { CompareAnalysis } from '../analysis/compare-analysis';
import { ChartControls } from '../charts/chart-controls';
import { MetricChart } from '../charts/metric-chart';
import { EmptyState, ErrorState, LoadingBlock } from '../common/states';
import { ClassMetricsCompare } from './class-metrics-compare';
import { GroupPicker } from '../runs/group-picker';
import { BandPicker } from './band-picker';
import { ConfigTable } from './config-table';
import { GroupChart, type GroupSeries } from './group-chart';
import { GroupLegend } from './group-legend';
import { ResultsTable } from './results-table';
import { RunLegend } from './run-legend';
import { TestAccuracyChart } from './test-accuracy-chart';
import { useCompareState } from './use-compare-state';
import styles from './compare.module.css';

const LOSS = ['loss', 'val_loss'];
const ACCURACY = ['accuracy', 'val_accuracy'];
const MAIN_METRICS = [...LOSS, ...ACCURACY];

export function CompareView() {
  const trpc = useTRPC();
  const [state, update] = useCompareState();
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const { runIds } = state;
  const groupBy = state.groupBy ?? NO_GROUPING;
  const band = state.band ?? 'minmax';

  const curves = useQuery({
    // The server thins long series (each bucket's min, max and last); tooltips show the points it returns.
    ...trpc.runs.curves.queryOptions({ runIds, maxPoints: pointsPerSeries(runIds.length) }),
    enabled: runIds.length > 0,
    refetchInterval: liveInterval((d: RouterOutputs['runs']['curves']) => d.runs),
  });
  const details = useQueries({
    queries: runIds.map((id) => ({
      ...trpc.runs.get.queryOptions({ id }),
      refetchInterval: (q: { state: { data?: { status: string } } }) =>
        q.state.data && isLiveStatus(q.state.data.status) ? LIVE_POLL_MS : false,
    })),
  });

  const keyOf = (position: number) => `r${position}`;
  // Grouping needs every run's config; until they all load the runs are drawn on their own.
  const configs = useMemo(
    () =>
      details.every((d) => d.data || d.isError)
        ? details.flatMap((d, i) => (d.data ? [{ id: runIds[i], config: d.data.config ?? {} }] : []))
        : undefined,
    [details, runIds],
  );
  const groups = useMemo(() => (configs && groupBy.kind !== 'none' ? groupRuns(configs, groupBy) : []), [configs, groupBy]);
  const groupOf = useMemo(() => new Map(groups.flatMap((g, gi) => g.runIds.map((id) => [id, gi] as const))), [groups]);
  const runs = useMemo(
    () =>
      runIds.map((id, i) => {
        const curve = curves.data?.runs.find((r) => r.id === id);
        const detail = details[i]?.data;
        // A run the server does not know is `missing`: shown as such, and never polled as if it were live.
        const status = detail?.status ?? curve?.status ?? (details[i]?.isError ? 'missing' : 'loading');
        // Grouped, a run wears its group's color in the results and configs.
        const color = runColor(groupOf.get(id) ?? i);
        return { id, key: keyOf(i), color, curve, detail, name: detail?.name ?? curve?.name ?? id.slice(0, 8), status };
      }),
    [runIds, curves.data, details, groupOf],
  );
  const grouped = groups.length > 0;
  const groupKeys = useMemo(() => [...new Set((configs ?? []).flatMap((c) => configPaths(c.config)))], [configs]);
  const seedRepeats = useMemo(() => (configs ? hasSeedRepeats(configs) : false), [configs]);

  const seriesByMetric = useMemo(() => {
    const out = new Map<string, ChartSeries[]>();
    for (const r of runs) {
      if (!r.curve) continue;
      const startedAt = toMillis(r.curve.startedAt) ?? 0;
      for (const [metric, series] of Object.entries(r.curve.series)) {
        const list = out.get(metric) ?? [];
        list.push({ key: r.key, label: r.name, color: r.color, series, startedAt });
        out.set(metric, list);
      }
    }
    return out;
  }, [runs]);

  if (runIds.length === 0) {
    return (
      <EmptyState title="No runs to compare">
        <p>
          Tick runs in the <Link href="/">runs table</Link> and press <strong>Compare</strong>, or open a link such as{' '}
          <code>/compare?runs=&lt;id&gt;,&lt;id&gt;</code>.
        </p>
      </EmptyState>
    );
  }

  const toggle = (key: string) =>
    setHidden((h) => {
      const next = new Set(h);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const remove = (id: string) => {
    setHidden(new Set());
    update({ runIds: runIds.filter((r) => r !== id) });
  };
  const missing = details.flatMap((d, i) => (d.isError ? [runIds[i]] : []));
  const metrics = orderMetrics(seriesByMetric.keys());
  const batch = metrics.filter((m) => isBatchMetric(m));
  const others = metrics.filter((m) => !MAIN_METRICS.includes(m) && !isBatchMetric(m));
  // The epoch pairs are shown unless the runs log none of them (an SDK script logging only batch metrics, say).
  const showMain = metrics.length === 0 || MAIN_METRICS.some((m) => seriesByMetric.has(m));
  const live = runs.some((r) => isLiveStatus(r.status));
  const chart = (metric: string) => {
    const series = seriesByMetric.get(metric) ?? [];
    if (grouped) return groupChart(metric, series);
    const axis = chartAxis(metric, series, state.xAxis);
    return (
      <MetricChart
        key={metric}
        id={metric}
        title={metric}
        series={series}
        hidden={hidden}
        onToggle={toggle}
        mode={axis.mode}
        axisNote={axis.note}
        smoothing={state.smoothing}
        // The learning rate moves by factors (plateau halving, sweeps over decades): always on a log axis.
        logScale={(state.logScale && isLossMetric(metric)) || metric === 'lr'}
      />
    );
  };
  // Seeds of a group align by epoch or step, not by wall time: a grouped chart on the time axis aggregates by epoch instead.
  const groupChart = (metric: string, series: ChartSeries[]) => {
    const wallTime = state.xAxis === 'relative';
    const axis = chartAxis(metric, series, wallTime ? 'auto' : state.xAxis);
    const byKey = new Map(series.map((s) => [s.key, s]));
    const drawn: GroupSeries[] = groups.flatMap((g, gi) => {
      const members = g.runIds.flatMap((id) => {
        const s = byKey.get(keyOf(runIds.indexOf(id)));
        return s ? [{ series: s.series, startedAt: s.startedAt }] : [];
      });
      if (members.length === 0) return [];
      return [{ key: g.key, label: `${g.label} (n=${g.runIds.length})`, color: runColor(gi), points: groupBandPoints(members, { mode: axis.mode, band, smoothing: state.smoothing }) }];
    });
    return (
      <GroupChart
        key={metric}
        id={metric}
        title={metric}
        groups={drawn}
        hidden={hidden}
        onToggle={toggle}
        mode={axis.mode}
        band={band}
        axisNote={axis.note ?? (wallTime ? 'groups by epoch/step, not wall time' : undefined)}
        smoothing={state.smoothing}
        logScale={(state.logScale && isLossMetric(metric)) || metric === 'lr'}
      />
    );
  };
  const loaded = runs.filter((r) => r.detail);

  return (
    <>
      <div className="page-header">
        <h1>Compare</h1>
        <span className="count" data-testid="run-count">
          {runIds.length} {runIds.length === 1 ? 'run' : 'runs'}
        </span>
        {live && <span className="live-dot">live</span>}
        <span className="spacer" />
        {/* Back to the table with these runs still ticked, to add or drop one and compare again. */}
        <Link className="btn" href={`/?sel=${runIds.join(',')}${groupBy.kind === 'none' ? '' : `&group=${serializeGroupBy(groupBy)}`}`}>
          ← Runs
        </Link>
      </div>

      <div className={`card ${styles.toolbar}`}>
        {grouped ? (
          <GroupLegend groups={groups.map((g, gi) => ({ key: g.key, label: g.label, color: runColor(gi), runs: runs.filter((r) => g.runIds.includes(r.id)) }))} hidden={hidden} onToggle={toggle} />
        ) : (
          <RunLegend runs={runs} hidden={hidden} onToggle={toggle} onRemove={remove} />
        )}
        <div className={styles.groupControls}>
          <GroupPicker
            groupBy={groupBy}
            onChange={(next) => {
              setHidden(new Set());
              update({ groupBy: next });
            }}
            keys={groupKeys}
            seedRepeats={seedRepeats}
          />
          {groupBy.kind !== 'none' && <BandPicker band={band} onChange={(next) => update({ band: next })} />}
        </div>
        <ChartControls
          smoothing={state.smoothing}
          onSmoothing={(smoothing) => update({ smoothing })}
          xAxis={state.xAxis}
          onXAxis={(xAxis) => update({ xAxis })}
          logScale={state.logScale}
          onLogScale={(logScale) => update({ logScale })}
        />
      </div>

      {missing.length > 0 && (
        <div className="banner banner-error section">
          {missing.length === 1 ? 'One run' : `${missing.length} runs`} could not be loaded ({missing.map((id) => id.slice(0, 8)).join(', ')}): deleted, or a
          mistyped link. Remove {missing.length === 1 ? 'it' : 'them'} with × above.
        </div>
      )}

      {curves.isPending ? (
        <div className="grid-2 section">
          <LoadingBlock height={280} label="Loading curves" />
          <LoadingBlock height={280} label="Loading curves" />
        </div>
      ) : curves.isError ? (
        <ErrorState title="Could not load curves" error={curves.error} retry={() => void curves.refetch()} />
      ) : (
        <>
          {showMain && (
            <>
              <h2 className="section-title">Loss</h2>
              <div className="grid-2">{LOSS.map(chart)}</div>
              <h2 className="section-title">Accuracy</h2>
              <div className="grid-2">{ACCURACY.map(chart)}</div>
            </>
          )}
          {batch.length > 0 && (
            <>
              <h2 className="section-title">Batch metrics</h2>
              <div className="grid-2">{batch.map(chart)}</div>
            </>
          )}
          {others.length > 0 && (
            <>
              <h2 className="section-title">Other metrics</h2>
              <div className="grid-3">{others.map(chart)}</div>
            </>
          )}
        </>
      )}

      <h2 className="section-title">Results</h2>
      <div className={styles.results}>
        <TestAccuracyChart runs={runs.map((r) => ({ id: r.id, name: r.name, color: r.color, testAccuracy: r.detail?.testAccuracy ?? null }))} />
        <ResultsTable
          runs={loaded.map((r) => ({ ...(r.detail as NonNullable<typeof r.detail>), name: r.name, color: r.color }))}
        />
      </div>
      <div className="section">
        {loaded.length > 0 ? (
          <ConfigTable
            runs={loaded.map((r) => ({
              id: r.id,
              name: r.name,
              color: r.color,
              backend: r.detail?.backend ?? '',
              config: r.detail?.config ?? {},
              family: r.detail?.family ?? null,
              paramCount: r.detail?.paramCount ?? null,
            }))}
          />
        ) : (
          <LoadingBlock height={200} label="Loading configs" />
        )}
      </div>
      <ClassMetricsCompare runs={loaded.map((r) => ({ id: r.id, name: r.name, color: r.color, confusionMatrix: r.detail?.confusionMatrix ?? null }))} />
      <CompareAnalysis
        runs={runs}
        groups={groups.map((g, gi) => ({ key: g.key, label: g.label, color: runColor(gi), runIds: g.runIds }))}
        groupBy={serializeGroupBy(groupBy)}
      />
    </>
  );
}
