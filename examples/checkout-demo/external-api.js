// @ts-check
'use strict';
// The "external API" the services depend on: a plain node:http server, not traced (it is somebody
// else's). Stock answers quickly, except a discontinued item (500); standard rates take ~40 ms,
// express rates are the slow dependency (~450 ms).

const http = require('node:http');

const DELAYS = { stock: 25, standard: 40, express: 450 };

function externalApi() {
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://external');
    const answer = (status, body, delay) => setTimeout(() => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    }, delay);
    if (url.pathname.startsWith('/stock/')) {
      const sku = url.pathname.slice('/stock/'.length);
      if (sku === 'discontinued') return answer(500, { error: 'no such item' }, DELAYS.stock);
      return answer(200, { sku, available: 12 }, DELAYS.stock);
    }
    if (url.pathname === '/rates') {
      const speed = url.searchParams.get('speed') === 'express' ? 'express' : 'standard';
      return answer(200, { speed, price: speed === 'express' ? 19.9 : 4.9 }, DELAYS[speed]);
    }
    answer(404, { error: 'not found' }, 0);
  });
}

module.exports = { externalApi };
