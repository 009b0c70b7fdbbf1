// `node tests/delivery/mutants.mjs [M1 M2 …]`: breaks one guarantee at a time in
// the source, runs the test that proves it, and restores the file. Every line
// must print CAUGHT: a test that cannot fail is a bug. (Chromium mutants: build
// first and run tests/browser/delivery-chromium.test.ts the same way.)
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

/** [name, file, what the code says, what the broken code says, the vitest filter that must fail]. */
const MUTANTS = [
  ["M1 delete on retry", "packages/core/src/delivery/delivery.ts", "await outbox.release(owner, ids, at, outcome.reason, options.isOnline());", "await outbox.remove(ids);", "tests/delivery/outcomes.test.ts -t '500 then 200'"],
  ["M2 ignore Retry-After", "packages/core/src/delivery/retry.ts", "if (outcome.retryAfterMs !== null) return outcome.retryAfterMs;", "", "tests/delivery/outcomes.test.ts -t 'Retry-After'"],
  ["M3 no 429 floor", "packages/core/src/defaults.ts", "export const MIN_429_WAIT_MS = 60_000;", "export const MIN_429_WAIT_MS = 0;", "tests/delivery/outcomes.test.ts -t '429 storm'"],
  ["M4 no probe", "packages/core/src/delivery/pace.ts", "limit: () => (probing || singles > 0 ? 1 : sizeLimit),", "limit: () => (singles > 0 ? 1 : sizeLimit),", "tests/delivery/outcomes.test.ts -t '429 storm'"],
  ["M5 400 kills batch", "packages/core/src/delivery/delivery.ts", "        if (entries.length > 1) {\n          // One bad", "        if (entries.length < 1) {\n          // One bad", "tests/delivery/outcomes.test.ts -t 'always-400'"],
  ["M6 413 no halving", "packages/core/src/delivery/pace.ts", "sizeLimit = Math.max(1, Math.floor(event.sent / 2));", "sizeLimit = Math.max(1, event.sent - 1);", "tests/delivery/outcomes.test.ts -t '413'"],
  ["M7 401 rejects", "packages/core/src/delivery/sendOutcome.ts", "[(s) => s === 401 || s === 403, 'pause'],", "[(s) => s === 401 || s === 403, 'reject'],", "tests/delivery/outcomes.test.ts -t '401'"],
  ["M8 no leases", "packages/core/src/delivery/outbox.ts", "else if (!leaseHeld(entry, now) && !isHeld(", "else if (true && !isHeld(", "tests/delivery/tabs.test.ts -t 'without Web Locks'"],
  ["M9 lease clamp", "packages/core/src/delivery/outbox.ts", "entry.leaseUntil - now <= limits.maxLeaseMs", "true", "tests/delivery/backlog.test.ts -t 'lease blocking'"],
  ["M10 due clamp", "packages/core/src/delivery/outbox.ts", " || entry.nextAttemptAt - now > limits.maxWaitMs", "", "tests/delivery/backlog.test.ts -t 'two days back does not leave records'"],
  ["M11 expiry ignores attempts", "packages/core/src/delivery/outbox.ts", "entry.attempts >= limits.minAttemptsBeforeExpiry", "true", "tests/delivery/backlog.test.ts -t 'year forward'"],
  ["M12 offline attempts count", "packages/core/src/delivery/delivery.ts", "await outbox.release(owner, ids, at, outcome.reason, options.isOnline());", "await outbox.release(owner, ids, at, outcome.reason, true);", "tests/delivery/backlog.test.ts -t 'expire only'"],
  ["M13 no cap", "packages/core/src/delivery/outbox.ts", "if (totals.count + 1 > limits.maxRecords || totals.bytes", "if (false || totals.bytes", "tests/delivery/storage.test.ts -t 'cap'"],
  ["M14 corrupt blocks", "packages/core/src/delivery/outbox.ts", "if (!entry) broken.push({ id, value, reason: problem });", "if (!entry) return false;", "tests/delivery/storage.test.ts -t 'corrupt'"],
  ["M15 no localStorage", "packages/core/src/storage/resilientStorage.ts", "next = sync('localstorage', localStorageBackend(local));", "next = sync('memory', memoryBackend());", "tests/delivery/storage.test.ts -t 'localStorage'"],
  ["M16 no reopen", "packages/core/src/storage/resilientStorage.ts", "(lost && !reopened ? openPrimary()", "(false ? openPrimary()", "tests/delivery/storage.test.ts -t 'connection lost'"],
  ["M17 no open timeout", "packages/core/src/defaults.ts", "export const IDB_OPEN_TIMEOUT_MS = 3 * SECOND;", "export const IDB_OPEN_TIMEOUT_MS = 30 * SECOND;", "tests/delivery/storage.test.ts -t 'hanging'"],
  ["M18 thanks before durable", "packages/core/src/delivery/recordKeeper.ts", "const entry = draft?.stored ? await queue.amend(kept, env.platform.now(), hold) : await queue.add(kept, env.platform.now(), hold ?? undefined);", "const entry = { record: kept }; void queue.add(kept, env.platform.now(), hold ?? undefined).catch(() => undefined);", "tests/delivery/storage.test.ts -t 'cap'"],
  ["M19 hide deletes w/o 2xx", "packages/core/src/delivery/hideSend.ts", "if (outcome.kind === 'delivered') {\n          // Marked a while", "if (true) {\n          // Marked a while", "packages/core/test/client.test.ts -t 'page hide'"],
  ["M20 no timeout", "packages/core/src/delivery/transport.ts", "const timeoutMs = request.timeoutMs ?? DELIVERY_DEFAULTS.timeoutMs;", "const timeoutMs = 10 * (request.timeoutMs ?? DELIVERY_DEFAULTS.timeoutMs);", "tests/delivery/outcomes.test.ts -t 'timeout'"],
  ["M21 seq not stamped", "packages/core/src/delivery/entry.ts", "const stamped = { ...record, seq };", "const stamped = { ...record };", "tests/delivery/backlog.test.ts -t '10,000'"],
  ["M24 stuck lock holder", "packages/core/src/delivery/delivery.ts", "if (clock.now() - refusedSince >= settings.leaseMs) return await drain();", "", "tests/delivery/tabs.test.ts -t 'frozen tab that holds'"],
  ["M25 unreported left", "packages/core/src/delivery/delivery.ts", "    await reportDropped(await outbox.unreported(), 'record(s) in the dead-letter store were not reported yet');", "", "tests/delivery/outcomes.test.ts -t 'next page'"],
  ["M22 release drops lease check", "packages/core/src/delivery/outbox.ts", "if (!entry || entry.leaseOwner !== owner) continue;", "if (!entry) continue;", "tests/delivery/tabs.test.ts -t 'wakes up'"],
  ["M23 dead not reported", "packages/core/src/delivery/delivery.ts", "    options.onError(error);\n    await outbox.markReported(ids);", "    await outbox.markReported(ids);", "tests/delivery/storage.test.ts -t 'corrupt'"],
  ["M26 no bfcache re-read", "packages/core/src/delivery/deliveryWiring.ts", "    env.platform.onRestore(() => void flush()),", "    env.platform.onRestore(() => undefined),", "tests/delivery/tabs.test.ts -t 'back/forward'"],
  ["M27 thanks before commit", "packages/core/src/prompt/answering.ts", "          const draft = await write(session, prompt, checked, false, given);\n          store.dispatch({ type: 'answered', id: prompt.id });", "          store.dispatch({ type: 'answered', id: prompt.id });\n          const draft = await write(session, prompt, checked, false, given);", "packages/core/test/client.test.ts -t 'thank you only once'"],
  ["M28 headers function not called", "packages/core/src/delivery/transport.ts", "if (typeof headers === 'function') headers = headers();", "", "packages/core/test/headers.test.ts -t 'rotated token'"],
  ["M29 flush keeps the pause", "packages/core/src/delivery/delivery.ts", "if (pace.paused) pace.dispatch({ type: 'resume' });", "", "packages/core/test/headers.test.ts -t 'ends the pause at once'"],
  ["M30 headers without timeout", "packages/core/src/delivery/transport.ts", "headers = await Promise.race([headers, deadline.expired]);", "headers = await headers;", "packages/core/test/headers.test.ts -t 'never settles'"],
  ["M31 timeout never grows", "packages/core/src/delivery/pace.ts", "timeoutMs = Math.min(timeout.capMs, timeoutMs * 2);", "timeoutMs = Math.min(timeout.capMs, timeoutMs);", "packages/core/test/timeouts.test.ts -t 'gets the answer through'"],
  ["M32 lease ignores the grown timeout", "packages/core/src/delivery/delivery.ts", "const leaseMs = leaseFor(settings, pace.timeoutMs);", "const leaseMs = settings.leaseMs;", "packages/core/test/timeouts.test.ts -t 'leases its records'"],
  ["M33 surveysUrl without timeout", "packages/core/src/client/loadSurveys.ts", "await Promise.race([fetched(), deadline.expired])", "await fetched()", "packages/core/test/timeouts.test.ts -t 'surveysTimeoutMs'"],
  ["M34 body by the page's JSON.stringify", "packages/core/src/delivery/transport.ts", "const body = toJson({", "const body = JSON.stringify({", "packages/core/test/hostGlobals.test.ts -t 'records array'"],
  ["M35 for...in over a shape", "packages/core/src/schema/check.ts", "for (const key of Object.keys(shape)) {\n    const own = hasOwn(value, key);", "for (const key in shape) {\n    const own = key in value;", "packages/core/test/hostGlobals.test.ts -t 'Object.prototype'"],
  ["M36 held score sent on page hide", "packages/core/src/delivery/hideSend.ts", "if ((entry.heldUntil ?? 0) > now && !options.volatile()) continue;", "", "tests/delivery/held.test.ts -t 'page left'"],
  ["M37 held score sent before its comment", "packages/core/src/delivery/outbox.ts", "!leaseHeld(entry, now) && !isHeld(entry, now, request.alive) &&", "!leaseHeld(entry, now) &&", "tests/delivery/held.test.ts -t 'moment it is chosen'"],
  ["M38 gone tab keeps its hold", "packages/core/src/delivery/outbox.ts", "!(alive && entry.holder !== undefined && !alive.has(entry.holder))", "true", "tests/delivery/held.test.ts -t 'page left'"],
  ["M39 comment rewrites a tried record", "packages/core/src/delivery/outbox.ts", "if (!existing || existing.attempts > 0 || leaseHeld(existing, now)) return null;", "if (!existing) return null;", "tests/delivery/held.test.ts -t 'may have reached'"],
  ["M40 a new id for the comment", "packages/core/src/delivery/recordKeeper.ts", "const ctx = draft?.context ?? (await context(given));", "const ctx = await context(given);", "tests/delivery/held.test.ts -t 'moment it is chosen'"],
  ["M41 page-hide send ignores the wire marks", "packages/core/src/delivery/hideSend.ts", "        if (busy.has(entry.id)) continue;\n", "", "tests/delivery/once.test.ts -t 'both fire'"],
  ["M42 claim ignores the wire marks", "packages/core/src/delivery/outbox.ts", "          if (request.busy?.has(id)) return true;\n", "", "tests/delivery/once.test.ts -t 'closed during'"],
  ["M43 wire marks not in localStorage", "packages/core/src/delivery/wireMarks.ts", "store?.setItem(key, toJson(Object.fromEntries(mine)) ?? '{}')", "void 0", "tests/delivery/once.test.ts -t 'closed during'"],
  ["M44 drain sends what a hide send took", "packages/core/src/delivery/delivery.ts", "const batch = entries.filter((entry) => !taken.has(entry.id));", "const batch = entries;", "tests/delivery/once.test.ts -t 'claim is under way'"],
  ["M45 hide lease ignores the grown timeout", "packages/core/src/delivery/delivery.ts", "leaseMs: () => leaseFor(settings, pace.timeoutMs, true),", "leaseMs: () => settings.hideLeaseMs,", "tests/delivery/once.test.ts -t 'grown to its cap'"],
  ["M46 delivered records lose their marks", "packages/core/src/delivery/delivery.ts", "if (outcome.kind === 'delivered') marks.hold(ids, clock.now() + settings.maxLeaseMs);\n        else marks.free(ids);", "marks.free(ids);", "tests/delivery/once.test.ts -t 'two tabs'"],
  ["M47 memory-only answer thanked unsent", "packages/core/src/delivery/recordKeeper.ts", "const unsent = hold ? null : await deliverNow(kept.id);", "const unsent = null;", "tests/delivery/storage.test.ts -t 'offline'"],
  ["M48 no per-write fallback", "packages/core/src/storage/resilientStorage.ts", "!(lost || (mode === 'readwrite' && refused(error)))", "!lost", "tests/delivery/storage.test.ts -t 'move to localStorage'"],
  ["M49 fallback leaves the queue unseen", "packages/core/src/storage/resilientStorage.ts", "const held = from ? await snapshotOf(from).catch((): Snapshot => []) : [];", "const held: Snapshot = [];", "tests/delivery/storage.test.ts -t 'move to localStorage'"],
  ["M50 originals not written again", "packages/core/src/storage/resilientStorage.ts", "if (behind.length === 0) return used.transaction(mode, fn);", "if (true) return used.transaction(mode, fn);", "tests/delivery/storage.test.ts -t 'lease update'"],
  ["M51 localStorage leftovers stay", "packages/core/src/storage/durableStorage.ts", "return !!local && (mayHoldRecords(local) || (lookDue(local, options.clock.now()) && holdsRecords(local)));", "return false;", "tests/delivery/storage.test.ts -t 'takes back'"],
  ["M52 half a localStorage write kept", "packages/core/src/storage/syncStorage.ts", "for (const step of undo) {", "for (const step of [] as Array<() => void>) {", "tests/delivery/storage.test.ts -t 'too small'"],
  ["M54 page-hide send while offline", "packages/core/src/delivery/delivery.ts", " && options.isOnline()) await hide.send();", ") await hide.send();", "tests/delivery/once.test.ts -t 'knows it is offline'"],
  ["M55 a change of backend does not wait for writes under way", "packages/core/src/storage/resilientStorage.ts", "replacing ??= Promise.allSettled([...running])", "replacing ??= Promise.resolve()", "tests/delivery/storage.test.ts -t 'still being written'"],
  ["M56 deletes refused with their put are forgotten", "packages/core/src/storage/resilientStorage.ts", "for (const [area, key] of deletes) if (!puts.has(key)) debt.set(", "for (const [area, key] of [] as typeof deletes) if (!puts.has(key)) debt.set(", "tests/delivery/storage.test.ts -t 'refuses every write'"],
  ["M57 the network back, records still back off", "packages/core/src/delivery/delivery.ts", "ignoreBackoff: urgent });", "ignoreBackoff: false });", "tests/delivery/storage.test.ts -t 'backoff or not'"],
  ["M58 another tab's new wire marks unheard", "packages/core/src/delivery/wireMarks.ts", ": isOther(name) && others?.add(name)", ": false", "tests/delivery/once.test.ts -t 'two tabs'"],
  ["M59 records left in localStorage unmarked", "packages/core/src/storage/localStorageStorage.ts", "local.setItem(HELD, '1');", "", "tests/delivery/storage.test.ts -t 'takes back'"],
  ["M60 unmarked records never looked for", "packages/core/src/storage/localStorageStorage.ts", "  if (last !== null && since >= 0 && since < LOOK_EVERY_MS) return false;", "  if (last !== null || true) return false;", "packages/core/test/start.test.ts -t 'without the mark'"],
  ["M61 other tabs' marks trusted for good", "packages/core/src/delivery/wireMarks.ts", "if (others && clock.now() - walkedAt < OTHERS_MAX_AGE_MS && clock.now() >= walkedAt) return others;", "if (others) return others;", "packages/core/test/start.test.ts -t 'walks through'"],
  ["M62 back from the back/forward cache, marks unread", "packages/core/src/delivery/wireMarks.ts", "page.onRestore(() => (others = null))", "page.onRestore(() => undefined)", "packages/core/test/start.test.ts -t 'walks through'"],
  ["M63 marks keep listening after the client is gone", "packages/core/src/delivery/wireMarks.ts", "      offs?.forEach((off) => off());\n", "", "packages/core/test/start.test.ts -t 'walks through'"],
  ["M64 start ignores queued records", "packages/core/src/client/session.ts", "queued = waiting > 0 || unreported;", "queued = unreported;", "packages/core/test/deliveryLoading.test.ts -t 'outbox holds what the earlier page'"],
  ["M65 start ignores unreported dead letters", "packages/core/src/client/session.ts", "queued = waiting > 0 || unreported;", "queued = waiting > 0;", "tests/delivery/outcomes.test.ts -t 'next page'"],
  ["M66 close drops a waiting choice", "packages/core/src/prompt/promptActions.ts", "      if (waiting > 0) return void answered.then(() => actions.dismiss(promptId));\n", "", "packages/core/test/deliveryLoading.test.ts -t 'close right after'"],
  ["M67 a handover does not wait for IndexedDB's writes under way", "packages/core/src/storage/durableStorage.ts", "      running.add(pending);\n", "", "packages/core/test/durableStorage.test.ts -t 'under way'"],
  ["M69 a chain that could not be fetched is never asked for again", "packages/core/src/storage/durableStorage.ts", "        taking = null;\n        throw notFetched;", "        throw notFetched;", "packages/core/test/durableStorage.test.ts -t 'fetches it again'"],
  ["M70 memory from the start never moves", "packages/core/src/storage/durableStorage.ts", "      if (primary.kind === 'indexeddb') return true;", "      return primary.kind === 'indexeddb';", "packages/core/test/durableStorage.test.ts -t 'no chain at the start'"],
  ["M71 an earlier page's records left unmarked", "packages/core/src/storage/durableStorage.ts", "    markHeld(options);\n", "", "packages/core/test/durableStorage.test.ts -t 'one read'"],
  ["M72 the start waits for the chain without end", "packages/core/src/storage/durableStorage.ts", "      options.openTimeoutMs ?? IDB_OPEN_TIMEOUT_MS,\n      clock,", "      1e9,\n      clock,", "packages/core/test/durableStorage.test.ts -t 'never comes'"],
  ["M73 the page's Web Locks unused for presence", "packages/core/src/platform/webLocks.ts", "presence: platform.presence ?? lockPresence(locks)", "presence: platform.presence", "packages/core/test/platform/webLocks.test.ts -t 'alive'"],
  ["M74 a failing lock manager stops the drain", "packages/core/src/platform/webLocks.ts", "if (!ran) return { acquired: true, value: await fn() };", "", "packages/core/test/platform/webLocks.test.ts -t 'fails'"],
  ["M75 stored records sent unchecked", "packages/core/src/delivery/deliveryWiring.ts", "createOutbox(opened, settings, checks.record)", "createOutbox(opened, settings, () => null)", "tests/delivery/storage.test.ts -t 'schema-failing'"],
  ["M76 code that cannot be wired is never refused", "packages/core/src/client/deliveryOnNeed.ts", "loadDelivery().then(wire).catch(refused)", "loadDelivery().then(wire, refused)", "packages/core/test/deliveryLoading.test.ts -t 'another release'"],
  ["M77 an inline prompt dropped while its answer waits for the code", "packages/core/src/prompt/inlineSurveys.ts", "prompt.phase === 'saving' || waited(prompt) !== null", "prompt.phase === 'saving'", "packages/core/test/deliveryLoading.test.ts -t 'survives a route change'"],
  ["M78 a waited answer written with the page it came on", "packages/core/src/prompt/promptActions.ts", "use((answering ??= fetched), given)", "use((answering ??= fetched))", "packages/core/test/deliveryLoading.test.ts -t 'survives a route change'"],
  ["M79 every inline display stored", "packages/core/src/prompt/promptSession.ts", "if (session.storesDisplays || telling) history.put(impression);", "history.put(impression);", "packages/core/test/inline.test.ts -t 'passed by on page after page'"],
  ["M80 a prompt nobody saw counts as ignored", "packages/core/src/prompt/promptActions.ts", "if (!session.displayed && session.impression?.outcome === 'open'", "if (false && session.impression?.outcome === 'open'", "packages/core/test/engine.test.ts -t 'is forgotten when the page is left'"],
  ["M81 a restored prompt comes back inline", "packages/core/src/prompt/promptActions.ts", "session.placement === 'inline' ? { inline: true as const } : {}", "{ inline: true as const }", "packages/core/test/engine.test.ts -t 'back/forward cache'"],
  ["M53 DOMException unnamed", "packages/core/src/errors.ts", "return (name && !text.includes(name) ? (text ? `${name}: ${text}` : name) : text) ||", "return text ||", "tests/delivery/storage.test.ts -t 'move to localStorage'"],
];

const only = process.argv.slice(2);
let missed = 0;
for (const [name, file, good, bad, test] of MUTANTS) {
  if (only.length > 0 && !only.includes(name.split(' ')[0])) continue;
  const source = readFileSync(file, 'utf8');
  if (source.split(good).length !== 2) throw new Error(`${name}: the code to break is not in ${file} exactly once`);
  writeFileSync(file, source.replace(good, bad));
  try {
    const args = ['vitest', 'run', '--project', 'core', ...test.match(/'[^']*'|\S+/g).map((a) => a.replace(/^'|'$/g, ''))];
    const { status } = spawnSync('npx', args, { stdio: 'ignore' });
    console.log(`${status === 0 ? 'MISSED' : 'CAUGHT'}  ${name}`);
    if (status === 0) missed += 1;
  } finally {
    writeFileSync(file, source);
  }
}
process.exit(missed === 0 ? 0 : 1);
