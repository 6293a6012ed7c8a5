// The README's tour, written the way an integrator would with a client generated from
// /openapi/v1.json by openapi-typescript and called through openapi-fetch. It must compile
// without a single cast and, run against a live server, get the answers the README shows.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/parley.js";

type Message = components["schemas"]["MessageResponse"];
type Thread = components["schemas"]["ThreadResponse"];

const baseUrl = process.env.PARLEY_URL;
const serviceKey = process.env.PARLEY_SERVICE_KEY;
if (!baseUrl || !serviceKey) {
  throw new Error("Set PARLEY_URL and PARLEY_SERVICE_KEY.");
}

const clientFor = (credential: string) =>
  createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${credential}` } });
const service = clientFor(serviceKey);

// Names of their own, so the tour runs again on the same data directory.
const run = randomUUID().slice(0, 8);
const almaName = `Alma-${run}`;
const bobName = `bob-${run}`;

// Mint a user token (service key only); expires_in is optional.
const minted = await service.POST("/v1/tokens", { body: { username: almaName, expires_in: 3600 } });
assert.equal(minted.response.status, 201);
assert.ok(minted.data, JSON.stringify(minted.error));
assert.equal(minted.data.username, almaName.toLowerCase());
const expiresAt: string = minted.data.expires_at;
assert.ok(Date.parse(expiresAt) > Date.now());

const again = await service.POST("/v1/tokens", { body: { username: almaName } });
assert.ok(again.data);
const alma = clientFor(again.data.token);

// In Development, a token without any credential.
const dev = await createClient<paths>({ baseUrl }).POST("/v1/dev/tokens", { body: { username: bobName } });
assert.ok(dev.data, JSON.stringify(dev.error));
const bob = clientFor(dev.data.token);

// Alma creates a thread with bob; she is added because she is the caller.
const created = await alma.POST("/v1/threads", { body: { users: [bobName.toUpperCase()], title: "Lunch" } });
assert.equal(created.response.status, 201);
assert.ok(created.data, JSON.stringify(created.error));
const thread: Thread = created.data;
assert.deepEqual(thread.users, [bobName, almaName.toLowerCase()]);
assert.equal(created.response.headers.get("Location"), `/v1/threads/${thread.id}`);
assert.equal(thread.unread_count, 0);
const untitled = await alma.POST("/v1/threads", { body: { users: [bobName] } });
assert.equal(untitled.data?.title, null);

const listed = await alma.GET("/v1/threads", { params: { query: { limit: 1 } } });
assert.ok(listed.data);
const threadId = listed.data.threads[0].id;
assert.equal(threadId, untitled.data?.id);

// Send with an Idempotency-Key; a repeat returns the same message, another text is 422.
const key = `lunch-${randomUUID()}`;
const send = (text: string) =>
  alma.POST("/v1/threads/{threadId}/messages", {
    params: { path: { threadId: thread.id }, header: { "Idempotency-Key": key } },
    body: { text },
  });
const sent = await send("Noon at the usual place?");
assert.equal(sent.response.status, 201, JSON.stringify(sent.error));
assert.ok(sent.data);
const first: Message = sent.data;
assert.equal(sent.response.headers.get("Location"), `/v1/threads/${thread.id}/messages/${first.seq}`);
const repeated = await send("Noon at the usual place?");
assert.equal(repeated.data?.id, first.id);
const reused = await send("Something else");
assert.equal(reused.response.status, 422);
assert.equal(reused.error?.status, 422);
assert.ok(reused.error?.trace_id);

// Bob answers three times (a user token needs no username).
for (const text of ["Yes", "Make it 12:15", "👍🏽"]) {
  const answer = await bob.POST("/v1/threads/{threadId}/messages", {
    params: { path: { threadId: thread.id } },
    body: { text },
  });
  assert.equal(answer.data?.username, bobName);
}

// Page through the history: the newest first, then back with before_seq and forward with after_seq.
const page = (query: { limit?: number; before_seq?: number; after_seq?: number }) =>
  alma.GET("/v1/threads/{threadId}/messages", { params: { path: { threadId: thread.id }, query } });
const latest = await page({ limit: 2 });
assert.ok(latest.data);
assert.deepEqual(latest.data.messages.map((m) => m.seq), [3, 4]);
assert.equal(latest.data.has_more, true);
const oldest = latest.data.messages[0];
const older = await page({ limit: 2, before_seq: oldest.seq });
assert.deepEqual(older.data?.messages.map((m) => m.seq), [1, 2]);
assert.equal(older.data?.has_more, false);
const forward = await page({ limit: 2, after_seq: 1 });
assert.deepEqual(forward.data?.messages.map((m) => m.seq), [2, 3]);
const newest = latest.data.messages[latest.data.messages.length - 1];
const nextSeq: number = newest.seq + 1;
const beyond = await page({ after_seq: newest.seq });
assert.deepEqual(beyond.data?.messages, []);
assert.equal(nextSeq, 5);
const single = await alma.GET("/v1/threads/{threadId}/messages/{seq}", {
  params: { path: { threadId: thread.id, seq: 2 } },
});
assert.equal(single.data?.text, "Yes");
const missing = await alma.GET("/v1/threads/{threadId}/messages/{seq}", {
  params: { path: { threadId: thread.id, seq: nextSeq } },
});
assert.equal(missing.response.status, 404);
assert.equal(missing.error?.status, 404);

// Unread counts, then mark seq 3 as read.
const unread = async () => {
  const list = await alma.GET("/v1/threads", {});
  assert.ok(list.data);
  const lunch = list.data.threads.find((t) => t.id === thread.id);
  return lunch?.unread_count;
};
assert.equal(await unread(), 3);
const read = await alma.PUT("/v1/threads/{threadId}/read", { params: { path: { threadId: thread.id } }, body: { seq: 3 } });
assert.equal(read.response.status, 204);
assert.equal(await unread(), 1);

// The service key lists any user's threads with ?user=, and sends as a member with username.
const bobs = await service.GET("/v1/threads", { params: { query: { user: bobName } } });
assert.equal(bobs.data?.threads.find((t) => t.id === thread.id)?.unread_count, 0);
const asService = await service.POST("/v1/threads/{threadId}/messages", {
  params: { path: { threadId: thread.id } },
  body: { text: "Booked.", username: bobName },
});
assert.equal(asService.data?.seq, 5);
const invalid = await service.GET("/v1/threads", {});
assert.equal(invalid.response.status, 400);
assert.ok(invalid.error && "errors" in invalid.error && invalid.error.errors?.user);

// The seed-compatible routes see the same thread.
const seed = await service.GET("/thread/{threadId}", { params: { path: { threadId: thread.id } } });
assert.deepEqual(seed.data?.messages.map((m) => m.message), ["Noon at the usual place?", "Yes", "Make it 12:15", "👍🏽", "Booked."]);

console.log(`TypeScript client: the README tour passed against ${baseUrl}.`);
