import { LIMITS } from "../http/limits";
import { type Resource, resource } from "../http/resource";
import { registerHealth } from "./health";

const DESCRIPTION = `edgegrad serves the mathematics of "learning from data" at the edge: loss functions,
numerical derivatives and gradients, gradient descent, softmax networks evaluated on MNIST
vectors, short training jobs and an autograder for the same maths.

Errors are \`application/problem+json\` (RFC 9457) with \`errors: [{pointer, message}]\` naming
the offending field. Every message a learner reads (feedback, diagnoses, problem statements, verdicts,
error details) is written in English or Korean: \`?lang=en|ko\`, else Accept-Language, else English;
Content-Language says which. Caps: JSON bodies up to ${LIMITS.maxJsonBytes} bytes; arrays up to
${LIMITS.maxElements} elements; gradients over at most ${LIMITS.maxVariables} variables; descent up
to ${LIMITS.maxSteps} steps; a descent or gradient up to ${LIMITS.maxExpressionMs} ms of estimated CPU
(evaluations × the cost of each expression node by its kind and size).`;

/** The OpenAPI document's header; worker/app.ts serves the document at /openapi.json. */
export const OPENAPI_DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "edgegrad",
    version: "1.0.0",
    description: DESCRIPTION,
    // The repository grants no licence yet (package.json is private): say so rather than guess one.
    license: { name: "UNLICENSED (no licence granted)", identifier: "LicenseRef-UNLICENSED" },
  },
  servers: [{ url: "/" }],
  tags: [
    {
      name: "Compute",
      description:
        "The chapter's functions: losses, softmax, numerical derivatives and gradients, gradient descent, simpleNet.",
    },
    {
      name: "Models",
      description:
        "Stored networks (simpleNet grown to MNIST, the book's TwoLayerNet): list, store, predict, evaluate.",
    },
    {
      name: "Datasets",
      description:
        "Named 28x28 image datasets in R2 (mnist by default; any MNIST-format set, e.g. the official 60,000 / 10,000 IDX files): list, samples of the public train and test splits, upload and delete (admin). Each has a private grading split that no route serves.",
    },
    {
      name: "Training",
      description: "Short mini-batch SGD jobs (progress as Server-Sent Events) and the book's gradient check.",
    },
    {
      name: "Grading",
      description: "Assignments, per-student variants, tolerant grading with feedback, the gradebook and course tools.",
    },
    { name: "Classroom", description: "Live rooms: phones draw digits and vote, the projector shows the class." },
    { name: "Service", description: "Liveness." },
  ],
};

/** `GET /` (what this is) and `GET /docs` (Swagger UI served from our own assets). */
function registerMeta(app: Resource): void {
  app.get("/", async (c) => {
    const accept = c.req.header("accept") ?? "";
    if (accept.includes("text/html")) {
      // Browsers get the classroom page; everything else gets a short JSON description.
      const page = await c.env.ASSETS.fetch(new Request(new URL("/index.html", c.req.url)));
      if (page.ok) return new Response(page.body, page);
    }
    return c.json({
      name: "edgegrad",
      description:
        "Edge inference and grading API for the maths of 'learning from data' (losses, gradients, " +
        "softmax nets on MNIST, an autograder).",
      docs: new URL("/docs", c.req.url).href,
      openapi: new URL("/openapi.json", c.req.url).href,
      page: new URL("/", c.req.url).href,
    });
  });

  app.get("/docs", (c) =>
    c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>edgegrad API</title><link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/docs.js"></script></body></html>`),
  );
}

/** The page, the docs and the liveness check, mounted at /. */
export const pages = resource();
registerMeta(pages);
registerHealth(pages);
