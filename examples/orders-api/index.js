// The orders API: a small handler behind API Gateway (proxy integration).
// Verification invocations carry a marker in the client context; the handler then skips side effects.
const orders = new Map();

function isVerification(context) {
  const custom = context && context.clientContext && context.clientContext.Custom;
  const marker = custom && (custom['cdk-safe-deploy'] || custom.custom?.['cdk-safe-deploy']);
  return Boolean(marker && marker.verification);
}

function respond(statusCode, body) {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

exports.handler = async (event, context) => {
  const method = (event && event.httpMethod) || 'GET';
  const path = (event && event.path) || '/';
  if (path === '/health') {
    return respond(200, { status: 'ok', version: process.env.AWS_LAMBDA_FUNCTION_VERSION });
  }
  if (path === '/orders' && method === 'POST') {
    const order = JSON.parse(event.body || '{}');
    if (!order.item) return respond(400, { error: 'item is required' });
    const id = `o-${Date.now()}`;
    if (!isVerification(context)) orders.set(id, order);
    return respond(201, { id, item: order.item });
  }
  if (path === '/orders' && method === 'GET') {
    return respond(200, { orders: [...orders.keys()] });
  }
  return respond(404, { error: `no route for ${method} ${path}` });
};
