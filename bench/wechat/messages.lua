-- wrk load script: signed plaintext WeChat messages, unique MsgIds.
--
-- Environment:
--   WX_QUERIES_FILE  signed query strings ("signature=..&timestamp=..&nonce=.."), one a
--                    line, each used once: /wechat refuses a (timestamp, nonce) pair
--                    reused for another message, and a timestamp older than the window
--                    (run.py writes a fresh file for each case, more lines than requests)
--   WX_KIND          click | greet | symptom | mix (the six messages of MIX in turn) |
--                    mix1 .. mix6 (one of them)
--   WX_USERS         distinct senders (default 1000); the mix runs with 100000
--   WX_PATH          callback path (default /wechat)
-- One wrk thread (-t1): a second thread would reuse the same lines.

local queries = {}
for q in io.lines(os.getenv("WX_QUERIES_FILE")) do
  table.insert(queries, q)
end
local kind = os.getenv("WX_KIND") or "greet"
local path = os.getenv("WX_PATH") or "/wechat"
local users = tonumber(os.getenv("WX_USERS") or "1000")
local texts = {
  greet = "你好",
  symptom = "孩子发烧两天了，还一直咳嗽，挂什么科？",
}
-- The mixed load of issue 9 (also in openloop.py and roundtrips.py): a greeting,
-- booking, a symptom sentence, reports, the queue and payment.
local mix = {
  "你好", "我要挂号", "孩子发烧两天了，还一直咳嗽，挂什么科？", "查报告", "前面还有几个人", "缴费",
}

local threads = {}
local thread_id = 0

function setup(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
  table.insert(threads, thread)
end

local counter = 0

function init(args)
  counter = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "text/xml"
end

local function body(n)
  -- fresh senders each run (the salt), so rounds start alike
  local user = string.format("obench_%s_%06d", os.getenv("WX_SALT") or "0", n % users)
  local now = 1700000000 + n
  local head = "<xml><ToUserName><![CDATA[gh_bench]]></ToUserName>"
    .. "<FromUserName><![CDATA[" .. user .. "]]></FromUserName>"
    .. "<CreateTime>" .. now .. "</CreateTime>"
  if kind == "click" then
    return head .. "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event>"
      .. "<EventKey><![CDATA[HOSPITAL_INFO]]></EventKey></xml>"
  end
  local text = texts[kind]
  if kind == "mix" then
    text = mix[(n % #mix) + 1]
  elseif string.sub(kind, 1, 3) == "mix" then  -- mix1 .. mix6: one message of the mix
    text = mix[tonumber(string.sub(kind, 4))]
  end
  return head .. "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA["
    .. text .. "]]></Content><MsgId>" .. n .. "</MsgId></xml>"
end

function request()
  counter = counter + 1
  -- unique across threads and runs: run salt + thread id + per-thread counter
  local n = (tonumber(os.getenv("WX_SALT") or "0") * 100 + tid) * 100000000 + counter
  local q = queries[((counter - 1) % #queries) + 1]  -- wraps (and is refused) only when short
  return wrk.format(nil, path .. "?" .. q, nil, body(n))
end

function done(summary, latency, requests)
  io.write(string.format("JSON {\"requests\": %d, \"duration_us\": %d, \"errors\": %d, "
    .. "\"non2xx\": %d, \"p50_ms\": %.3f, \"p99_ms\": %.3f}\n",
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
