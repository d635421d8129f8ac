import "@fontsource-variable/inter/index.css";
import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "./styles.css";

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { configureApiClient } from "./api/client";
import { createQueryClient } from "./api/queryClient";
import { onSessionLost } from "./api/sessionLost";
import { createAppRouter } from "./router";

configureApiClient();
const queryClient = createQueryClient(() => onSessionLost(router, queryClient));
const router = createAppRouter(queryClient);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App router={router} queryClient={queryClient} />
  </StrictMode>,
);
