// Swagger UI over /openapi.json, from the vendored swagger-ui-dist (the page holds no inline script).
"use strict";

window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger", deepLinking: true });
