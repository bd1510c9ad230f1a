// The API documentation page: Swagger UI over /api/openapi.json, from the files in /static/vendor/swagger-ui.
// No validator badge (it would call validator.swagger.io): nothing leaves this server.
"use strict";
window.addEventListener("DOMContentLoaded", () => {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger-ui",
    validatorUrl: null,
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
