// What core.bundle.js exports, typed from core/'s TypeScript: scripts/build-page-core.mjs bundles
// exactly these exports, so the page's JavaScript is type-checked against the code it runs.
export { compileArray, compileScalar, ExpressionError, parseExpression } from "../../../core/expr/index";
export { CATALOGUES, LANGS, negotiate, render } from "../../../core/i18n/index";
export { mnistPreprocess } from "../../../core/image/mnist-preprocess";
export { encodeQr } from "../../../core/qr/qr-code";
