// Swagger UI over our own OpenAPI document; every asset comes from this host (works offline).
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#ui", deepLinking: true, tryItOutEnabled: true });
