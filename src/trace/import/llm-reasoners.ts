/**
 * llm-reasoners `TreeLog` JSON (maitrix-org/llm-reasoners `reasoners/visualization`): what
 * `str(TreeLog.from_mcts_results(…))` / `TreeLogEncoder` write, `{ "logs": [ snapshot, … ] }`
 * with one snapshot per MCTS iteration (or a single snapshot), each
 * `{ nodes: { "<id>": { id, data, selected_edge } }, edges: { "<id>": { id, source, target,
 * data: { Q, reward, …reward details | action } } } }`. The snapshots are merged (the tree only
 * grows); the root is the question and every other node one step, its reward the `reward` of the
 * edge into it.
 */
import { extractAnswer } from '../../search/grading';
import { estimateTokens, ImportContext, type ImportOptions } from './context';
import { At, ImportError, isObject, object, type Json } from './fields';
import type { RecordImporter } from './types';

const FORMAT = 'llm-reasoners-treelog';

/** Whether a parsed document looks like a TreeLog (or one of its snapshots). */
export function isTreeLog(x: unknown): boolean {
  return isObject(x) && (Array.isArray(x.logs) || (isObject(x.nodes) && (isObject(x.edges) || Array.isArray(x.edges))));
}

interface Edge { source: string; target: string; data: Json }

/** Entries of a map keyed by id (what the encoder writes) or of an array. */
function entries(v: unknown, at: At): [string, unknown][] {
  if (Array.isArray(v)) return v.map((x, i) => [String(i), x]);
  return Object.entries(object(v, at));
}

/**
 * A step's text and whether it ends the solution. RAP's GSM8K visualiser writes
 * `{question, answer}` (a sub-question and its answer; the example's `is_terminal` is "Now we can
 * answer" in the sub-question); otherwise `data.text`, the edge's `action`, the data's one string,
 * or the data as JSON, and a leaf that states an answer is terminal.
 */
function step(node: Json | undefined, edge: Edge, leaf: boolean): { text: string; answer: string | null } {
  const data = node && isObject(node.data) ? node.data : {};
  if (typeof data.question === 'string' && typeof data.answer === 'string') {
    const final = leaf && /Now we can answer/i.test(data.question);
    return { text: `${data.question}\n${data.answer}`, answer: final ? extractAnswer(data.answer, 'math') ?? '' : null };
  }
  const strs = Object.values(data).filter((x): x is string => typeof x === 'string');
  const text = typeof data.text === 'string' ? data.text
    : typeof edge.data.action === 'string' ? edge.data.action
    : strs.length === 1 ? strs[0]
    : Object.keys(data).length > 0 ? JSON.stringify(data) : '';
  return { text, answer: leaf ? extractAnswer(text, 'math') : null };
}

export function treeLogImporter(options: ImportOptions): RecordImporter {
  const ctx = new ImportContext(FORMAT, options, {
    title: 'llm-reasoners TreeLog', policy: 'unknown policy (not named in the TreeLog)', prm: 'llm-reasoners reward (edge data)',
  });
  ctx.note('Token counts are estimated from the text (a TreeLog holds none); Q values and visit counts are not kept.');
  let pending: { nodes: Map<string, Json>; edges: Map<string, Edge>; order: string[]; where: string } | null = null;
  return {
    add(record: unknown, where: string) {
      if (pending) throw new ImportError(FORMAT, where, '', 'one TreeLog per file: it records one example');
      const at = new At(FORMAT, where);
      const doc = object(record, at);
      const snapshots: [unknown, At][] = Array.isArray(doc.logs) ? doc.logs.map((s, i) => [s, at.at('logs').at(i)]) : [[doc, at]];
      if (snapshots.length === 0) throw at.at('logs').err('holds no snapshot', doc.logs);
      const nodes = new Map<string, Json>();
      // Edge ids restart in every snapshot, so edges are matched by their target (one parent each);
      // the last snapshot's order (its depth-first order) is the recorded order of siblings.
      const edges = new Map<string, Edge>();
      let order: string[] = [];
      for (const [snap, sAt] of snapshots) {
        const s = object(snap, sAt);
        for (const [key, n] of entries(s.nodes, sAt.at('nodes'))) {
          const node = object(n, sAt.at('nodes').at(key));
          nodes.set(String(node.id ?? key), node);
        }
        const listed: [number, string][] = [];
        for (const [key, e] of entries(s.edges ?? {}, sAt.at('edges'))) {
          const eAt = sAt.at('edges').at(key);
          const edge = object(e, eAt);
          if (edge.source === undefined || edge.source === null || edge.target === undefined || edge.target === null) throw eAt.err('must have a source and a target', edge);
          const target = String(edge.target);
          const old = edges.get(target);
          if (old && old.source !== String(edge.source)) throw eAt.err(`gives node ${target} a second parent (${old.source} and ${String(edge.source)})`, undefined, false);
          edges.set(target, { source: String(edge.source), target, data: isObject(edge.data) ? edge.data : {} });
          listed.push([typeof edge.id === 'number' ? edge.id : Number(key), target]);
        }
        order = listed.sort((a, b) => a[0] - b[0]).map(([, t]) => t);
      }
      const seen = new Set(order);
      for (const t of edges.keys()) if (!seen.has(t)) order.push(t);
      pending = { nodes, edges, order, where };
    },
    finish() {
      if (!pending) return ctx.finish();
      const { nodes, edges, order, where } = pending;
      const at = new At(FORMAT, where);
      const ordered = order.map((t) => edges.get(t)!);
      const parentOf = new Map(ordered.map((e) => [e.target, e.source]));
      const ids = new Set([...nodes.keys(), ...ordered.flatMap((e) => [e.source, e.target])]);
      const roots = [...ids].filter((id) => !parentOf.has(id));
      if (roots.length !== 1) throw at.at('nodes').err(`must form one tree with one root (found ${roots.length} roots: ${roots.slice(0, 5).join(', ')})`, undefined, false);
      const root = roots[0];
      const rewards = ordered.map((e) => e.data.reward);
      const numeric = rewards.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
      const lo = numeric.reduce((a, b) => Math.min(a, b), Infinity);
      const hi = numeric.reduce((a, b) => Math.max(a, b), -Infinity);
      const rescale = numeric.length > 0 && (lo < 0 || hi > 1);
      if (numeric.length === 0) {
        ctx.dropPrm();
        ctx.note('The TreeLog records no rewards.');
      } else if (rescale) {
        ctx.note(`Edge rewards span [${lo}, ${hi}]; they were rescaled linearly to [0, 1] (order kept).`);
      } else ctx.note('Rewards are the llm-reasoners rewards on the edge into each step.');
      const rootData = isObject(nodes.get(root)?.data) ? nodes.get(root)!.data as Json : {};
      const question = options.question ?? (typeof rootData.question === 'string' ? rootData.question : typeof rootData.text === 'string' ? rootData.text : undefined);
      if (question === undefined) ctx.note('The TreeLog does not record the question (pass it as an option; CLI: --question).');
      if (options.answer === undefined) ctx.note('The TreeLog does not record a gold answer, so it is empty and nothing grades as correct (CLI: --answer).');
      const entry = ctx.pool('treelog', () => ({ preferredId: 'q0', question: question ?? '', answer: options.answer ?? '' }));
      if (!entry) return ctx.finish();
      ctx.takeSample(entry);
      const hasChildren = new Set(ordered.map((e) => e.source));
      for (const e of ordered) {
        const { text, answer } = step(nodes.get(e.target), e, !hasChildren.has(e.target));
        const raw = e.data.reward;
        const reward = numeric.length === 0 || typeof raw !== 'number' || !Number.isFinite(raw) ? null
          : rescale ? (hi === lo ? 1 : (raw - lo) / (hi - lo)) : raw;
        ctx.addNode(entry, {
          id: e.target, parent: e.source === root ? null : e.source, text, tokens: estimateTokens(text), reward,
          terminal: answer !== null, ...(answer !== null && answer !== '' ? { answer } : {}),
        });
      }
      return ctx.finish();
    },
  };
}
