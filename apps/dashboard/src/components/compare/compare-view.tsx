'use client';
// The compare page: chosen runs' curves overlaid one chart per metric (batch metrics by step), or grouped as a mean and a
// band per group; test accuracy, results and configs.
import { configPaths } from '@mnist-lab/contracts';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from '../common/app-link';
import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { pointsPerSeries } from '../../lib/chart-axis';
import type { ChartSeries } from '../../lib/chart-data';
import { toMillis } from '../../lib/format';
import { runColor } from '../../lib/palette';
import { NO_GROUPING, groupRuns, hasSeedRepeats, serializeGroupBy, type GroupableRun } from '../../lib/run-groups';
import { LIVE_POLL_MS, isLiveStatus, liveInterval } from '../../trpc/live';
import { useTRPC } from '../../trpc/react';
import type { RouterOutputs } from '../../trpc/types';
import { CompareAnalysis } from '../analysis/compare-analysis';
import { CompareCharts, type ChartGroup } from './compare-charts';
import { ChartControls } from '../charts/chart-controls';
import { EmptyState, ErrorState, LoadingBlock } from '../common/states';
import { ClassMetricsCompare } from './class-metrics-compare';
import { GroupPicker } from '../runs/group-picker';
import { BandPicker } from './band-picker';
import { ConfigTable } from './config-table';
import { GroupLegend } from './group-legend';
import { ResultsTable } from './results-table';
import { RunLegend } from './run-legend';
import { TestAccuracyChart } from './test-accuracy-chart';
import { useCompareState } from './use-compare-state';
import styles from './compare.module.css';
import { CompareMaps } from '../embedding/compare-maps';

const keyOf = (position: number) => `r${position}`;

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

  // Grouping needs every run's config; until they all load the runs are drawn on their own.
  // As a string, so live polling's fresh (but equal) answers keep the groups, their colors and the charts as they are.
  const configsJson = details.every((d) => d.data || d.isError)
    ? JSON.stringify(details.flatMap((d, i) => (d.data ? [{ id: runIds[i], config: d.data.config ?? {} }] : [])))
    : '';
  const configs = useMemo((): GroupableRun[] | undefined => (configsJson ? (JSON.parse(configsJson) as GroupableRun[]) : undefined), [configsJson]);
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

  // From the curves alone (a curve carries its run's name): the details arriving one batch after another leave it as it is.
  const seriesByMetric = useMemo(() => {
    const out = new Map<string, ChartSeries[]>();
    runIds.forEach((id, i) => {
      const curve = curves.data?.runs.find((r) => r.id === id);
      if (!curve) return;
      const startedAt = toMillis(curve.startedAt) ?? 0;
      for (const [metric, series] of Object.entries(curve.series)) {
        const list = out.get(metric) ?? [];
        list.push({ key: keyOf(i), label: curve.name, color: runColor(groupOf.get(id) ?? i), series, startedAt });
        out.set(metric, list);
      }
    });
    return out;
  }, [runIds, curves.data, groupOf]);
  const chartGroups = useMemo(
    (): ChartGroup[] =>
      groups.map((g, gi) => ({ key: g.key, label: g.label, color: runColor(gi), memberKeys: g.runIds.map((id) => keyOf(runIds.indexOf(id))) })),
    [groups, runIds],
  );

  const toggle = useCallback(
    (key: string) =>
      setHidden((h) => {
        const next = new Set(h);
        if (next.has(key)) next.delete(key);
        else next.add(key);
        return next;
      }),
    [],
  );

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

  const remove = (id: string) => {
    setHidden(new Set());
    update({ runIds: runIds.filter((r) => r !== id) });
  };
  const missing = details.flatMap((d, i) => (d.isError ? [runIds[i]] : []));
  const live = runs.some((r) => isLiveStatus(r.status));
  // Below the charts, the tables, maps and digit views render a step behind, so the charts appear as soon as the
  // curves do and do not wait for 50 runs' configs and results tables to lay out.
  const later = useDeferredValue(runs);
  const loaded = later.filter((r) => r.detail);

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

      {curves.isPending || (groupBy.kind !== 'none' && configs === undefined) ? (
        <div className="grid-2 section">
          <LoadingBlock height={280} label="Loading curves" />
          <LoadingBlock height={280} label="Loading curves" />
        </div>
      ) : curves.isError ? (
        <ErrorState title="Could not load curves" error={curves.error} retry={() => void curves.refetch()} />
      ) : (
        <CompareCharts
          seriesByMetric={seriesByMetric}
          groups={chartGroups}
          band={band}
          xAxis={state.xAxis}
          smoothing={state.smoothing}
          logScale={state.logScale}
          hidden={hidden}
          onToggle={toggle}
        />
      )}

      <h2 className="section-title">Results</h2>
      <div className={styles.results}>
        <TestAccuracyChart runs={later.map((r) => ({ id: r.id, name: r.name, color: r.color, testAccuracy: r.detail?.testAccuracy ?? null }))} />
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
      <CompareMaps runs={later} />
      <CompareAnalysis
        runs={later}
        groups={groups.map((g, gi) => ({ key: g.key, label: g.label, color: runColor(gi), runIds: g.runIds }))}
        groupBy={serializeGroupBy(groupBy)}
      />
    </>
  );
}
