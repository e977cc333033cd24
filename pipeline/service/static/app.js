// The insurance form prefill page: posts the card photos to /v1/cards and fills the form
// from the card result (CONTRACT.md). Plain script, no build step, no inline code (CSP).
"use strict";

(() => {
  const SVG_NS = "http://www.w3.org/2000/svg";
  const QUALITY_CODES = new Set([
    "unreadable_file", "image_too_small", "card_not_found", "too_dark", "blurry", "glare",
  ]);
  // Which form field a review reason is about.
  const REASON_FIELD = {
    carrier_unknown: "insurance_provider",
    carrier_uncertain: "insurance_provider",
    school_name_needed: "insurance_provider",
    member_id_missing: "member_id",
    member_id_uncertain: "member_id",
    group_number_uncertain: "group_number",
    back_image_required: "back",
  };
  const BOX_LABELS = { member_id: "Member ID", group_number: "Group Number" };
  const SEX_OPTION = { M: "male", F: "female" }; // portal.sex → the select's option
  const MAX_BUSY_RETRIES = 3;

  const state = {
    token: null,      // kept in memory only; never stored
    form: null,       // GET /v1/form
    loading: null,    // the promise of that request
    result: null,     // the last card result
    controller: null, // aborts a read superseded by a newer choice of photos
    urls: [],         // object URLs of the previews, revoked on the next choice
    prefilled: {},    // date of birth and sex as the last card filled them in
  };

  const $ = (id) => document.getElementById(id);
  const form = () => $("insurance-form");

  function capitalise(text) {
    return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  }

  async function api(path, options = {}) {
    const headers = new Headers(options.headers || {});
    if (state.token) headers.set("Authorization", `Bearer ${state.token}`);
    return fetch(path, { ...options, headers, cache: "no-store", credentials: "same-origin" });
  }

  async function errorMessage(response) {
    try {
      const body = await response.json();
      if (body && body.error && body.error.message) return body.error.message;
    } catch (_) { /* not JSON */ }
    return `the service answered ${response.status}`;
  }

  // ---- Access token ---------------------------------------------------------------

  function askToken(message) {
    $("token-box").hidden = false;
    $("token-msg").textContent = message || "";
    $("token").focus();
  }

  async function saveToken() {
    state.token = $("token").value.trim() || null;
    state.loading = loadForm();
    await state.loading;
    if (state.form && $("front").files.length) readCard();
  }

  // ---- Form configuration ---------------------------------------------------------

  async function loadForm() {
    let response;
    try {
      response = await api("/v1/form");
    } catch (_) {
      setStatus("error", "The service cannot be reached.");
      return;
    }
    if (response.status === 401) {
      askToken(state.token ? "That token was not accepted." : "");
      return;
    }
    if (!response.ok) {
      setStatus("error", `The form could not be loaded: ${await errorMessage(response)}.`);
      return;
    }
    state.form = await response.json();
    $("token-box").hidden = true;
    fillProviders($("provider_filter").value);
    updateSummary();
  }

  // The provider list: the carrier templates first, then the payer directory's other payers
  // (GET /v1/form), both filtered by what is typed in the box above the list. The chosen
  // provider always stays listed.
  function providerMatches(name, words) {
    const low = name.toLowerCase();
    return words.every((w) => low.includes(w));
  }

  function fillProviders(filter) {
    const select = $("insurance_provider");
    const chosen = select.value;
    const words = (filter || "").toLowerCase().split(/\s+/).filter(Boolean);
    select.length = 1; // keep the "Choose…" option
    while (select.children.length > 1) select.removeChild(select.lastChild);
    const groups = [["Insurance carriers", state.form.carriers],
                    ["More insurers", state.form.payers || []]];
    for (const [label, names] of groups) {
      const shown = names.filter((n) => n === chosen || providerMatches(n, words));
      if (!shown.length) continue;
      const group = document.createElement("optgroup");
      group.label = label;
      for (const name of shown) group.appendChild(new Option(name, name));
      select.appendChild(group);
    }
    select.value = chosen;
  }

  function knownProvider(name) {
    return state.form.carriers.includes(name) || (state.form.payers || []).includes(name);
  }

  // ---- Reading the card -----------------------------------------------------------

  function setStatus(status, text) {
    const el = $("read-status");
    el.dataset.status = status;
    el.textContent = text;
  }

  async function readCard(attempt = 0) {
    const front = $("front").files[0];
    const back = $("back").files[0];
    showPreviews();
    if (!front) return;
    if (!state.form) await state.loading; // photos chosen before the form was loaded
    if (!state.form) {
      setStatus("error", "Enter the access token first.");
      return;
    }
    if (state.controller) state.controller.abort();
    const controller = new AbortController();
    state.controller = controller;
    const body = new FormData();
    body.append("front", front);
    if (back) body.append("back", back);
    setStatus("reading", "Reading your card…");
    let response;
    try {
      response = await api("/v1/cards", { method: "POST", body, signal: controller.signal });
    } catch (e) {
      if (e.name !== "AbortError") setStatus("error", "The service cannot be reached.");
      return;
    }
    if (controller !== state.controller) return; // a newer read took over
    if (response.status === 401) {
      setStatus("error", "An access token is needed.");
      askToken(state.token ? "That token was not accepted." : "");
      return;
    }
    if (response.status === 503 && attempt < MAX_BUSY_RETRIES) {
      const wait = Math.min(30, Number(response.headers.get("Retry-After")) || 2);
      setStatus("reading", `The service is busy; trying again in ${wait} s…`);
      setTimeout(() => { if (controller === state.controller) readCard(attempt + 1); },
        wait * 1000);
      return;
    }
    if (!response.ok) {
      setStatus("error", `Your photos could not be read: ${await errorMessage(response)}. ` +
        "Please try other photos, or fill in the form yourself.");
      return;
    }
    state.result = await response.json();
    applyResult(state.result);
    const review = state.result.review;
    setStatus("done", review.needed
      ? "We filled in what we could read. Please check the marked fields."
      : "We filled in what we read from your card. Please compare it with your card.");
  }

  // ---- Filling the form from a card result ------------------------------------------

  function setValue(id, value) {
    $(id).value = value == null ? "" : value;
  }

  // Date of birth and sex: a card that prints them fills them in; a card that does not
  // clears only what an earlier card filled in, never what the patient typed (most cards
  // print neither, and step 1 comes before the photos).
  function prefillKeepingTyped(id, value) {
    const el = $(id);
    if (value) {
      el.value = value;
      state.prefilled[id] = value;
      return;
    }
    if (state.prefilled[id] && el.value === state.prefilled[id]) el.value = "";
    delete state.prefilled[id];
  }

  // The dependents the card lists, read-only on the review step.
  function showDependents(dependents) {
    const list = $("dependents-list");
    list.replaceChildren();
    for (const d of dependents || []) {
      const item = document.createElement("li");
      item.textContent = d.suffix ? `${d.name} (suffix ${d.suffix})` : d.name;
      list.append(item);
    }
    $("dependents").hidden = !list.children.length;
  }

  function clearMarks() {
    for (const field of document.querySelectorAll(".field.needs-check, .field.has-info")) {
      field.classList.remove("needs-check", "has-info");
      delete field.dataset.mark;
    }
    for (const note of document.querySelectorAll(".note")) {
      note.textContent = "";
      note.hidden = true;
    }
  }

  // Mark a field: "check" asks the patient to check it, "info" only explains it.
  function mark(name, kind, text) {
    const field = document.querySelector(`.field[data-field="${name}"]`);
    if (!field) return;
    if (kind === "check") {
      field.classList.remove("has-info");
      field.classList.add("needs-check");
      field.dataset.mark = "check";
    } else if (!field.classList.contains("needs-check")) {
      field.classList.add("has-info");
      field.dataset.mark = "info";
    }
    const note = field.querySelector(".note");
    if (!note) return;
    note.textContent = note.textContent ? `${note.textContent} ${text}` : text;
    note.hidden = false;
    const input = field.querySelector("input, select");
    if (input && !input.getAttribute("aria-describedby")) {
      input.setAttribute("aria-describedby", note.id);
    }
  }

  function isMarked(name) {
    const field = document.querySelector(`.field[data-field="${name}"]`);
    return Boolean(field && field.classList.contains("needs-check"));
  }

  function applyResult(result) {
    clearMarks();
    const portal = result.portal || {};
    const fields = result.fields || {};
    const reasons = (result.review && result.review.reasons) || [];
    const thresholds = state.form.thresholds;

    setValue("first_name", portal.first_name);
    setValue("last_name", portal.last_name);
    prefillKeepingTyped("date_of_birth", portal.date_of_birth);
    prefillKeepingTyped("sex", SEX_OPTION[portal.sex]);
    const select = $("insurance_provider");
    const provider = portal.insurance_provider;
    $("provider_filter").value = "";
    fillProviders("");
    select.value = provider && knownProvider(provider) ? provider : "";
    setValue("member_id", portal.member_id);
    setValue("group_number", portal.group_number || state.form.no_group);

    const holderNo = portal.patient_is_policy_holder === "no";
    for (const radio of form().elements.patient_is_policy_holder) {
      radio.checked = holderNo && radio.value === "no";
    }
    setValue("policy_holder_first_name", holderNo ? portal.policy_holder_first_name : "");
    setValue("policy_holder_last_name", holderNo ? portal.policy_holder_last_name : "");
    showHolderStep();

    // Review reasons, in the words of their messages.
    let quality = false;
    for (const reason of reasons) {
      const text = `Please check: ${capitalise(reason.message)}.`;
      if (QUALITY_CODES.has(reason.code)) {
        quality = true;
        mark("front", "check", text);
      } else if (REASON_FIELD[reason.code]) {
        mark(REASON_FIELD[reason.code], "check", text);
      }
    }
    // Low confidence, and what the card did not show.
    const lowConfidence = (name, label) => {
      const reading = fields[name];
      if (reading && reading.confidence < thresholds[name]) {
        mark(name, "check", `Please check: the ${label} was hard to read on the photo ` +
          `(confidence ${reading.confidence.toFixed(2)}).`);
      }
    };
    lowConfidence("member_id", "member ID");
    lowConfidence("group_number", "group number");
    if (!provider && !isMarked("insurance_provider")) {
      mark("insurance_provider", "check", "Please choose your insurance provider: it was not " +
        "recognised on the card.");
    }
    if (!portal.member_id && !isMarked("member_id")) {
      mark("member_id", "check", "Please type your member ID: it was not found on the card.");
    }
    for (const [id, label] of [["first_name", "first name"], ["last_name", "last name"]]) {
      if (!portal[id]) {
        mark(id, "check", `Please type your ${label} as printed on the card: it was not found.`);
      }
    }
    // Printed, but not as the form takes it: a two-digit year, a sex other than M or F.
    if (fields.birth_date && !portal.date_of_birth) {
      mark("date_of_birth", "check", `Please check: your card prints the date of birth as ` +
        `${fields.birth_date.value}, which is not a complete date; please enter it.`);
    }
    if (fields.gender && !portal.sex) {
      mark("sex", "info", `Your card shows the sex as "${fields.gender.value}"; please choose.`);
    }
    if (holderNo) {
      mark("policy_holder", "info", "The card names a policy holder other than the member, so " +
        "\"No\" is selected. Please check.");
    } else {
      mark("policy_holder", "info", "The card does not say; please answer.");
    }
    if (portal.group_number === state.form.no_group) {
      const printed = fields.group_number && fields.group_number.value;
      mark("group_number", "info", printed
        ? `Your card's group number has ${printed.length} characters; the portal takes six, ` +
          `so ${state.form.no_group} is entered and our team will complete it.`
        : `No group number was found on the card, so ${state.form.no_group} is entered and ` +
          "our team will complete it.");
    }
    if (quality) {
      mark("front", "check", "Parts of the card may be missing from what we read: please " +
        "check every field, or take a clearer photo.");
    }
    showDependents(result.dependents);
    drawBoxes(result);
    updateSummary();
  }

  // ---- Photo previews with the Member ID and Group Number boxes --------------------------

  function showPreviews() {
    for (const url of state.urls) URL.revokeObjectURL(url);
    state.urls = [];
    for (const side of ["front", "back"]) {
      const file = $(side).files[0];
      const figure = $(`preview-${side}`);
      const img = figure.querySelector("img");
      const old = figure.querySelector("svg");
      if (old) old.remove();
      if (!file || !file.type.startsWith("image/")) { // PDFs and HEIC have no preview
        figure.hidden = true;
        img.removeAttribute("src");
        continue;
      }
      const url = URL.createObjectURL(file);
      state.urls.push(url);
      img.onerror = () => { figure.hidden = true; };
      img.src = url;
      figure.hidden = false;
    }
  }

  // Polygons are in pixels of each uploaded photo after its EXIF orientation, which is the
  // frame the browser shows the image in (image-orientation: from-image is the default).
  function drawBoxes(result) {
    const hasBack = Boolean($("back").files[0]);
    for (const side of ["front", "back"]) {
      const figure = $(`preview-${side}`);
      const img = figure.querySelector("img");
      // Both sides in one front photo: the back's boxes are on that photo too.
      const boxes = Object.entries(result.fields || {}).filter(([name, reading]) =>
        BOX_LABELS[name] && (reading.side === side || (!hasBack && side === "front")));
      const draw = () => overlay(figure, img, boxes);
      if (img.complete && img.naturalWidth) draw();
      else img.addEventListener("load", draw, { once: true });
    }
  }

  function overlay(figure, img, boxes) {
    const old = figure.querySelector("svg");
    if (old) old.remove();
    const width = img.naturalWidth;
    const height = img.naturalHeight;
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("preserveAspectRatio", "none");
    svg.setAttribute("aria-hidden", "true");
    const size = Math.max(12, height / 28);
    for (const [name, reading] of boxes) {
      const polygon = document.createElementNS(SVG_NS, "polygon");
      polygon.setAttribute("points", reading.polygon.map((p) => p.join(",")).join(" "));
      polygon.setAttribute("class", `box box-${name}`);
      polygon.dataset.field = name;
      svg.append(polygon);
      const [x, y] = reading.polygon[0];
      const label = document.createElementNS(SVG_NS, "text");
      label.setAttribute("x", String(x));
      label.setAttribute("y", String(Math.max(size, y - size * 0.3)));
      label.setAttribute("font-size", String(size));
      label.setAttribute("class", `box-label box-${name}`);
      label.textContent = BOX_LABELS[name];
      svg.append(label);
    }
    figure.querySelector(".photo").append(svg);
  }

  // ---- Steps 4-6 ----------------------------------------------------------------------

  function holderAnswer() {
    const checked = form().querySelector("input[name=patient_is_policy_holder]:checked");
    return checked ? checked.value : "";
  }

  function showHolderStep() {
    const no = holderAnswer() === "no";
    $("step-5").hidden = !no;
    for (const id of ["policy_holder_first_name", "policy_holder_last_name",
      "policy_holder_date_of_birth"]) {
      $(id).required = no;
    }
  }

  function collect() {
    const value = (id) => $(id).value.trim();
    const holder = holderAnswer();
    const result = state.result;
    return {
      patient: {
        first_name: value("first_name"),
        last_name: value("last_name"),
        date_of_birth: value("date_of_birth"),
        sex: value("sex"),
      },
      insurance: {
        insurance_provider: value("insurance_provider"),
        member_id: value("member_id"),
        group_number: value("group_number"),
        address: {
          street: value("address_street"),
          city: value("address_city"),
          state: value("address_state"),
          zip: value("address_zip"),
        },
      },
      card_photos: { front: Boolean($("front").files[0]), back: Boolean($("back").files[0]) },
      patient_is_policy_holder: holder,
      policy_holder: holder === "no" ? {
        first_name: value("policy_holder_first_name"),
        last_name: value("policy_holder_last_name"),
        date_of_birth: value("policy_holder_date_of_birth"),
      } : null,
      card_review: result ? {
        needed: result.review.needed,
        reasons: result.review.reasons.map((r) => r.code),
        fields_marked: [...document.querySelectorAll(".field.needs-check")]
          .map((f) => f.dataset.field),
      } : null,
      confirmed: $("confirm").checked,
    };
  }

  function updateSummary() {
    const data = collect();
    const marked = new Set(data.card_review ? data.card_review.fields_marked : []);
    const name = (p) => [p.first_name, p.last_name].filter(Boolean).join(" ");
    const a = data.insurance.address;
    const rows = [
      ["Name", name(data.patient), ["first_name", "last_name"]],
      ["Date of birth", data.patient.date_of_birth, ["date_of_birth"]],
      ["Sex", $("sex").selectedOptions[0].value ? $("sex").selectedOptions[0].text : "",
        ["sex"]],
      ["Insurance provider", data.insurance.insurance_provider, ["insurance_provider"]],
      ["Member ID", data.insurance.member_id, ["member_id"]],
      ["Group number", data.insurance.group_number, ["group_number"]],
      ["Address on file", [a.street, a.city, [a.state, a.zip].filter(Boolean).join(" ")]
        .filter(Boolean).join(", "), []],
      ["Card photos", [data.card_photos.front && "front", data.card_photos.back && "back"]
        .filter(Boolean).join(" and "), ["front", "back"]],
      ["Policy holder", { yes: "I am the policy holder", no: "Someone else" }[
        data.patient_is_policy_holder] || "", []],
    ];
    if (data.policy_holder) {
      rows.push(["Policy holder's name", name(data.policy_holder),
        ["policy_holder_first_name", "policy_holder_last_name"]]);
      rows.push(["Policy holder's date of birth", data.policy_holder.date_of_birth, []]);
    }
    const summary = $("summary");
    summary.replaceChildren();
    for (const [label, value, names] of rows) {
      const dt = document.createElement("dt");
      dt.textContent = label;
      const dd = document.createElement("dd");
      dd.textContent = value || "—";
      if (!value) dd.classList.add("missing");
      if (names.some((n) => marked.has(n))) {
        const tag = document.createElement("span");
        tag.className = "tag-check";
        tag.textContent = "Please check";
        dd.append(" ", tag);
      }
      summary.append(dt, dd);
    }
  }

  async function submit(event) {
    event.preventDefault();
    const status = $("submit-status");
    if (!form().reportValidity()) {
      status.textContent = "Please complete the highlighted fields.";
      return;
    }
    const data = collect();
    const url = state.form && state.form.submit_url;
    const out = $("submitted-json");
    if (!url) {
      out.textContent = JSON.stringify(data, null, 2);
      out.hidden = false;
      status.textContent = "No submit address is set for this service: this is what would " +
        "be sent.";
      return;
    }
    try {
      const response = await fetch(url, {
        method: "POST", body: JSON.stringify(data), credentials: "omit", cache: "no-store",
        headers: { "Content-Type": "application/json" },
      });
      status.textContent = response.ok ? "Your insurance information was submitted."
        : `Submitting failed (${response.status}); please try again.`;
    } catch (_) {
      status.textContent = "Submitting failed: the portal cannot be reached.";
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("token-form").addEventListener("submit", (e) => { e.preventDefault(); saveToken(); });
    $("front").addEventListener("change", () => readCard());
    $("back").addEventListener("change", () => readCard());
    $("provider_filter").addEventListener("input", (e) => {
      if (!state.form) return;
      fillProviders(e.target.value);
      const select = $("insurance_provider");
      if (select.options.length === 2 && !select.value) { // one insurer left: choose it
        select.value = select.options[1].value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    form().addEventListener("change", (e) => {
      if (e.target.name === "patient_is_policy_holder") showHolderStep();
      updateSummary();
    });
    form().addEventListener("input", updateSummary);
    form().addEventListener("submit", submit);
    state.loading = loadForm();
  });
})();
