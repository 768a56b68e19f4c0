'use strict';
// The discarding OTLP/HTTP receiver both exporting scenarios send to: a plain node:http server on
// 127.0.0.1 that reads each body, drops it and answers 200 (an empty protobuf
// ExportTraceServiceResponse is zero bytes, so an empty body is a full success for both
// tracewire's exporter and OpenTelemetry's). It runs in a process of its own so its CPU is never
// counted against the server under test; the parent reads its counters over IPC.
//
//   fork('receiver.js') → { type: 'ready', port }; send { type: 'counts' } → { type: 'counts', requests, bytes }

const http = require('node:http');

let requests = 0;
let bytes = 0;

const server = http.createServer((req, res) => {
  req.on('data', (chunk) => {
    bytes += chunk.length;
  });
  req.on('end', () => {
    requests += 1;
    res.writeHead(200, { 'content-type': req.headers['content-type'] || 'application/x-protobuf', 'content-length': 0 }).end();
  });
});
// exporters keep their sockets alive between batches; do not close them under a 5 s batch delay
server.keepAliveTimeout = 120_000;

server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: server.address().port }));
process.on('message', (message) => {
  if (message && message.type === 'counts') process.send({ type: 'counts', requests, bytes });
});
// the parent is gone (finished or killed): nothing left to receive for
process.on('disconnect', () => process.exit(0));
