// Swagger UI over our own OpenAPI document; every asset comes from this host (works offline).
// validatorUrl: null, or Swagger UI loads a badge from validator.swagger.io on any non-localhost address.
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#ui",
  deepLinking: true,
  tryItOutEnabled: true,
  validatorUrl: null,
});
