// Shared by every page: the filter bar submits only the fields that are set, and the views carry the filters along.
"use strict";

window.armswatch = (function () {
  const FILTERS = ["supplier", "recipient", "actor", "system", "category", "type", "stance", "since", "until", "contested", "q", "min_outlets", "include_unreviewed"];

  // The filters of the current address, without paging or sorting.
  function currentFilters() {
    const here = new URLSearchParams(window.location.search);
    const out = new URLSearchParams();
    for (const key of FILTERS) {
      const value = here.get(key);
      if (value) out.set(key, value);
    }
    return out;
  }

  function withFilters(path, filters) {
    const query = filters.toString();
    return query ? path + "?" + query : path;
  }

  // Views that share the filter bar keep the filters when the reader moves between them.
  function carryFilters(filters) {
    for (const link of document.querySelectorAll("nav a[data-keep-filters]")) {
      link.setAttribute("href", withFilters(link.getAttribute("href").split("?")[0], filters));
    }
  }

  const form = document.getElementById("filters");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      const params = new URLSearchParams();
      for (const [key, value] of new FormData(form).entries()) {
        if (String(value).trim() !== "") params.set(key, String(value).trim());
      }
      window.location.assign(withFilters(form.getAttribute("action"), params));
    });
  }
  carryFilters(currentFilters());

  // The analyst token lives in this tab's sessionStorage only.
  const TOKEN_KEY = "armswatch.token";
  function token() {
    return window.sessionStorage.getItem(TOKEN_KEY) || "";
  }
  function setToken(value) {
    if (value) window.sessionStorage.setItem(TOKEN_KEY, value);
    else window.sessionStorage.removeItem(TOKEN_KEY);
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(url + ": " + response.status);
    return response.json();
  }

  return { currentFilters, withFilters, carryFilters, token, setToken, getJSON };
})();
