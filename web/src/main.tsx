import "@mantine/core/styles.css";
import { MantineProvider } from "@mantine/core";
import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router/dom";
import { setUnauthorizedHandler } from "./api/client";
import { cssVariablesResolver, theme } from "./app/theme";
import { queryClient } from "./app/queryClient";
import { router } from "./app/router";
import { endSession } from "./features/auth/session";
import type { LoginState } from "./features/auth/loginState";
import "./i18n";

// A 401 from a protected call means the session has ended: forget it and go to /login,
// coming back to the current page after logging in again.
setUnauthorizedHandler(() => {
  const { pathname, search } = router.state.location;
  endSession(queryClient);
  if (pathname !== "/login") {
    const state: LoginState = { from: pathname + search };
    void router.navigate("/login", { replace: true, state });
  }
});

const container = document.getElementById("root");
if (container === null) throw new Error("index.html has no #root element");

createRoot(container).render(
  <StrictMode>
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      forceColorScheme="light"
    >
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
