/**
 * One live server's settings: policy base URL, API key (memory only unless "remember on this
 * computer"), model (suggested from the server's /v1/models), parameter count (prefilled from the
 * model registry, editable), prompt format, PRM, and reliability. "Test connection" probes what
 * is typed; Save validates every field (state/live-config.ts `checkDraft`) and shows each problem
 * next to its field.
 */
import { useState } from 'react';
import { paramsLabel, PARAMS_NOTE } from '../../search/models';
import { explorer } from '../../state/explorer-actions';
import { useExplorer } from '../../state/explorer-store';
import { formatParamCount, POOLING_OUTPUT_CHOICES, PRM_TYPES, registryParams, type LiveKeys, type LiveServer } from '../../state/live-config';
import { blankDraft, checkDraft, draftOf, looseServer, serverIdFor, type DraftErrors, type ServerDraft } from '../../state/live-draft';
import { live } from '../../state/live-actions';
import { selectServers, selectTests, useLive } from '../../state/live-store';
import { ConnectionReport } from './ConnectionReport';
import { AreaField, CheckBox, ChoiceField, InputField, readEscapes, showEscapes } from './FormFields';
import { CONTINUATION_CHOICES, DIALECT_CHOICES, dialectInUse, PROMPT_CHOICES, presetFormat } from './prompt-choices';

/** The test results of a server not saved yet live under this id until it is. */
const DRAFT_ID = '__draft__';

export interface ServerFormProps {
  /** The server edited, or null for a new one. */
  server: LiveServer | null;
  onSaved: (server: LiveServer) => void;
  onDeleted: () => void;
  /** Close the panel (after "Save and run"). */
  onDone: () => void;
}

/** The registry's count for a model name as the field shows it, or '' when unknown. */
function registryText(model: string): string {
  const p = registryParams(model);
  return p === undefined ? '' : formatParamCount(p);
}

export function ServerForm({ server, onSaved, onDeleted, onDone }: ServerFormProps) {
  const servers = useLive(selectServers);
  const tests = useLive(selectTests);
  const stored = useLive((s) => (server ? s.keys[server.id] : undefined));
  const remembered = useLive((s) => (server ? s.remembered[server.id] === true : false));
  const [draft, setDraft] = useState<ServerDraft>(() => (server ? draftOf(server) : blankDraft()));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [keys, setKeys] = useState<LiveKeys>(() => ({ ...stored }));
  const [remember, setRemember] = useState(remembered);
  // The parameter count follows the model name until the user types one.
  const [autoParams, setAutoParams] = useState(() => !server || server.params === null);
  const [summary, setSummary] = useState<string | null>(null);
  // A new server keeps the id its first Save gave it (saving again updates it, never duplicates it).
  const [savedId, setSavedId] = useState<string | null>(server?.id ?? null);
  const formId = savedId ?? DRAFT_ID;
  const test = tests[formId];
  const kind = test?.policy?.ok ? test.policy.kind : (server?.kind ?? null);

  const edit = (patch: Partial<ServerDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSummary(null);
  };
  const setModel = (model: string) => edit({ model, ...(autoParams ? { params: registryText(model) } : {}) });
  const setPrmModel = (prmModel: string) => edit({ prmModel, ...(draft.prmParams === '' || draft.prmParams === registryText(draft.prmModel) ? { prmParams: registryText(prmModel) } : {}) });

  const save = (): LiveServer | null => {
    const id = savedId ?? serverIdFor(draft.name, servers.map((s) => s.id));
    const checked = checkDraft(draft, id, kind);
    if (!checked.ok) {
      setErrors(checked.errors);
      const n = Object.keys(checked.errors).length;
      setSummary(`Not saved: ${n} field${n === 1 ? '' : 's'} to fix (marked below).`);
      return null;
    }
    setErrors({});
    live.saveServer(checked.server);
    live.setKey(id, 'policy', keys.policy ?? '');
    live.setKey(id, 'prm', keys.prm ?? '');
    live.setRemember(id, remember);
    if (!savedId) live.moveTest(DRAFT_ID, id);
    setSavedId(id);
    setSummary(`Saved "${checked.server.name}".`);
    onSaved(checked.server);
    return checked.server;
  };

  const testNow = () => {
    setSummary(null);
    void live.testConnection(looseServer(draft, formId, null), keys).then(({ policy }) => {
      // Offer the served models: an empty model field takes the first.
      if (policy.ok && draft.model.trim() === '' && policy.models.length > 0) setModel(policy.models[0]);
    });
  };

  const models = test?.policy?.models ?? [];
  const registry = registryParams(draft.model);
  const paramsHint = draft.model.trim() === ''
    ? 'FLOPs = 2 × params × generated tokens.'
    : registry !== undefined ? `Registry: ${paramsLabel(registry)} for "${draft.model.trim()}" (${PARAMS_NOTE}; edit to override).` : `"${draft.model.trim()}" is not in the model registry: give its parameter count.`;
  const prmType = PRM_TYPES.find((t) => t.value === draft.prmType);
  const custom = draft.format === 'custom';
  const shown = custom ? { template: draft.template, delimiter: draft.delimiter, answerPattern: draft.answerPattern } : presetFormat(draft.format);

  return (
    <form className="if-server-form" aria-label="Server settings" onSubmit={(e) => { e.preventDefault(); save(); }} noValidate>
      <fieldset className="if-fieldset">
        <legend>Policy server</legend>
        <InputField label="Name" value={draft.name} onChange={(name) => edit({ name })} error={errors.name} testId="server-name" />
        <InputField label="Base URL" type="url" value={draft.baseUrl} onChange={(baseUrl) => edit({ baseUrl })} error={errors.baseUrl} placeholder="http://127.0.0.1:8000" hint="The server root (vLLM :8000, SGLang :30000, llama.cpp :8080, Ollama :11434, TGI :3000); a trailing /v1 is dropped." testId="server-url" />
        <InputField label="API key (optional)" type="password" value={keys.policy ?? ''} onChange={(policy) => setKeys((k) => ({ ...k, policy }))} autoComplete="new-password" hint="Sent only as an Authorization header. Kept in memory: gone on reload, unless remembered below." testId="server-key" />
        <div className="if-key-row">
          <CheckBox label="Remember the keys on this computer" checked={remember} onChange={setRemember} testId="server-remember" />
          {server && (stored?.policy || stored?.prm || remembered) && (
            <button type="button" className="if-btn" onClick={() => { live.forgetKeys(server.id); setKeys({}); setRemember(false); }} data-testid="server-forget">Forget keys</button>
          )}
        </div>
        <InputField label="Model" value={draft.model} onChange={setModel} error={errors.model} list={models.length ? `${formId}-models` : undefined} hint={models.length ? `Served: ${models.join(', ')}` : 'Test connection lists the served models.'} testId="server-model" />
        {models.length > 0 && <datalist id={`${formId}-models`}>{models.map((m) => <option key={m} value={m} />)}</datalist>}
        <InputField label="Parameters (for FLOPs)" value={draft.params} onChange={(params) => { setAutoParams(false); edit({ params }); }} error={errors.params} placeholder={registry !== undefined ? formatParamCount(registry) : 'e.g. 7e9, 7B'} hint={paramsHint} testId="server-params" />
        <ChoiceField label="Endpoint" value={draft.dialect} choices={DIALECT_CHOICES} onChange={(dialect) => edit({ dialect })} testId="server-dialect" />
        {(draft.dialect === 'chat') && (
          <ChoiceField label="Assistant continuation (chat)" value={draft.continuation} choices={CONTINUATION_CHOICES} onChange={(continuation) => edit({ continuation })} testId="server-continuation" />
        )}
        <p className="if-field-hint" data-testid="server-dialect-in-use">{dialectInUse(draft.dialect, draft.continuation, kind)}</p>
      </fieldset>

      <fieldset className="if-fieldset">
        <legend>Prompt</legend>
        <ChoiceField label="Prompt format" value={draft.format} choices={PROMPT_CHOICES} onChange={(format) => edit(format === 'custom' && !custom ? { format, ...presetFormat(draft.format) } : { format })} error={errors.format} testId="server-format" />
        {custom ? (
          <>
            <AreaField label="Template ({question} = the question)" value={draft.template} onChange={(template) => edit({ template })} error={errors.template} testId="server-template" />
            <InputField label="Step delimiter (\n = new line; Step {k}: = numbered)" value={showEscapes(draft.delimiter)} onChange={(v) => edit({ delimiter: readEscapes(v) })} error={errors.delimiter} testId="server-delimiter" />
            <InputField label="Answer pattern (regular expression)" value={draft.answerPattern} onChange={(answerPattern) => edit({ answerPattern })} error={errors.answerPattern} testId="server-answer" />
          </>
        ) : (
          <p className="if-field-hint">Step delimiter <code>{showEscapes(shown.delimiter)}</code>; a step ends the solution when it matches <code>{shown.answerPattern}</code>. Choose “custom” to edit.</p>
        )}
      </fieldset>

      <fieldset className="if-fieldset">
        <legend>Process reward model</legend>
        <ChoiceField label="PRM" value={draft.prmType} choices={PRM_TYPES} onChange={(prmType) => edit({ prmType })} hint={prmType?.hint} testId="prm-type" />
        {draft.prmType === 'json' && (
          <InputField label="Endpoint URL" type="url" value={draft.prmUrl} onChange={(prmUrl) => edit({ prmUrl })} error={errors.prmUrl} placeholder="http://127.0.0.1:8000/prm" testId="prm-url" />
        )}
        {draft.prmType !== 'none' && draft.prmType !== 'json' && (
          <InputField label="PRM base URL (empty = the policy's)" type="url" value={draft.prmBaseUrl} onChange={(prmBaseUrl) => edit({ prmBaseUrl })} error={errors.prmBaseUrl} testId="prm-base-url" />
        )}
        {draft.prmType !== 'none' && (
          <>
            <InputField label={draft.prmType === 'json' ? 'Name (optional)' : 'PRM model'} value={draft.prmModel} onChange={setPrmModel} error={errors.prmModel} list={models.length ? `${formId}-models` : undefined} testId="prm-model" />
            <InputField label="PRM parameters (for the prm FLOPs switch)" value={draft.prmParams} onChange={(prmParams) => edit({ prmParams })} error={errors.prmParams} placeholder="e.g. 7e9" testId="prm-params" />
            {draft.prmType === 'pooling' && (
              <ChoiceField label="PRM output" value={draft.prmOutput} choices={POOLING_OUTPUT_CHOICES} onChange={(prmOutput) => edit({ prmOutput })} hint={POOLING_OUTPUT_CHOICES.find((c) => c.value === draft.prmOutput)?.hint} testId="prm-output" />
            )}
            <CheckBox label="Outcome reward: score only the last step of each path (not every step)" checked={draft.prmOutcome} onChange={(prmOutcome) => edit({ prmOutcome })} testId="prm-outcome" />
            <CheckBox label="The PRM has its own API key" checked={draft.prmOwnKey} onChange={(prmOwnKey) => edit({ prmOwnKey })} />
            {draft.prmOwnKey && (
              <InputField label="PRM API key" type="password" value={keys.prm ?? ''} onChange={(prm) => setKeys((k) => ({ ...k, prm }))} autoComplete="new-password" testId="prm-key" />
            )}
          </>
        )}
        {draft.prmType === 'none' && <p className="if-field-hint">Without a PRM the Explorer disables REBASE, beam search, MCTS, best-of-N and weighted voting, saying why.</p>}
      </fieldset>

      <details className="if-fieldset if-details">
        <summary>Reliability (concurrency, timeout, retries)</summary>
        <InputField label="Requests in flight" value={draft.concurrency} onChange={(concurrency) => edit({ concurrency })} error={errors.concurrency} />
        <InputField label="Timeout per request (s)" value={draft.timeoutS} onChange={(timeoutS) => edit({ timeoutS })} error={errors.timeoutS} />
        <InputField label="Retries (429, 5xx, network)" value={draft.retries} onChange={(retries) => edit({ retries })} error={errors.retries} />
      </details>

      <div className="if-form-actions">
        <button type="button" className="if-btn" onClick={testNow} disabled={test?.running} data-testid="server-test">Test connection</button>
        <button type="submit" className="if-btn" data-testid="server-save">Save</button>
        <button type="button" className="if-btn if-btn-primary" data-testid="server-run" onClick={() => {
          const saved = save();
          if (!saved) return;
          if (explorer.runLive(saved.id)) onDone();
          else setSummary(useExplorer.getState().notices.at(-1) ?? 'The run could not start.');
        }}>Save and run in Explorer</button>
        {server && <button type="button" className="if-btn if-btn-danger" onClick={() => { live.deleteServer(server.id); onDeleted(); }}>Delete server</button>}
      </div>
      {summary && <p className={summary.startsWith('Saved') ? 'if-hint' : 'if-field-error'} role="alert" data-testid="server-summary">{summary}</p>}
      <ConnectionReport test={test} />
    </form>
  );
}
