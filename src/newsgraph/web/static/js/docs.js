// The API docs page: Swagger UI (bundled, see vendor/VENDOR.json) over /api/openapi.json.
window.addEventListener("DOMContentLoaded", () => {
  window.SwaggerUIBundle({
    url: "/api/openapi.json", dom_id: "#swagger", deepLinking: true, docExpansion: "list",
    defaultModelsExpandDepth: 0, tryItOutEnabled: true, validatorUrl: null,
  });
});
