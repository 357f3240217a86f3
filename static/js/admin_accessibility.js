// Names for the admin's form controls that have no <label> of their own: the
// cells of tabular inlines (their label is the column header), the date and
// time boxes of a date-and-time field, and the boxes Select2 draws for
// autocomplete fields. Run once the admin's own scripts have set the page up,
// and again whenever the page changes (an inline row added, a choice made).
// Tabular inlines, which scroll on narrow screens, are made reachable by keyboard.
"use strict";

(function () {
    function labelOf(control) {
        if (control.id) {
            const label = document.querySelector(`label[for="${control.id}"]`);
            if (label && label.textContent.trim()) {
                return label.textContent.trim().replace(/:$/, "");
            }
        }
        // A date-and-time field: its row's label, then "Date" or "Time" as printed before the box.
        const split = control.closest("p.datetime");
        const row = control.closest(".form-row");
        if (split && row) {
            const field = row.querySelector("label");
            let part = "";
            for (let node = control.previousSibling; node && !part; node = node.previousSibling) {
                part = node.nodeType === Node.TEXT_NODE ? node.textContent.trim() : "";
            }
            if (field) {
                return [field.textContent.trim().replace(/:$/, ""), part.replace(/:$/, "")]
                    .filter(Boolean).join(" – ");
            }
        }
        // In a tabular inline, the header of the control's column.
        const cell = control.closest("td");
        const table = control.closest("table");
        if (cell && table) {
            const header = table.querySelectorAll("thead th")[cell.cellIndex];
            if (header && header.textContent.trim()) {
                return header.textContent.trim();
            }
        }
        return "";
    }

    function nameControls(root) {
        root.querySelectorAll(
            ".tabular td input, .tabular td select, .tabular td textarea, p.datetime input"
        )
            .forEach(function (control) {
                if (control.type !== "hidden" && !control.labels.length &&
                        !control.hasAttribute("aria-label")) {
                    const name = labelOf(control);
                    if (name) {
                        control.setAttribute("aria-label", name);
                    }
                }
            });
        root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
            const container = select.nextElementSibling;
            const name = labelOf(select);
            if (!container || !name) {
                return;
            }
            container.querySelectorAll(
                ".select2-selection, .select2-selection__rendered[role=textbox], " +
                ".select2-search__field"
            ).forEach(function (element) {
                element.setAttribute("aria-label", name);
            });
            // Select2 puts its "clear" button among the choices' list items:
            // it is one more item of the list.
            container.querySelectorAll("ul.select2-selection__rendered > :not(li)")
                .forEach(function (element) {
                    element.setAttribute("role", "listitem");
                });
        });
    }

    // A tabular inline scrolls on its own on narrow screens (admin.css): keyboards
    // reach it too, also when its rows hold nothing to focus.
    function focusableScrollRegions(root) {
        root.querySelectorAll(".inline-group .tabular:not([tabindex])").forEach(function (region) {
            const heading = region.querySelector("h2");
            region.setAttribute("tabindex", "0");
            region.setAttribute("role", "region");
            if (heading && heading.textContent.trim()) {
                region.setAttribute("aria-label", heading.textContent.trim());
            }
        });
    }

    window.addEventListener("load", function () {
        focusableScrollRegions(document);
        nameControls(document);
        // Select2 redraws a field when its value changes.
        new MutationObserver(function () {
            nameControls(document);
        }).observe(document.body, {childList: true, subtree: true});
    });
})();
