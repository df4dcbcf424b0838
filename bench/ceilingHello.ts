import express from 'express';

/** The ceiling for a static JSON endpoint: a bare Express app on this machine. */
const app = express();
app.get('/hello', (_req, res) => {
  res.json({ hello: 'world' });
});
app.listen(Number(process.env.PORT), '127.0.0.1');
