// A button marked data-print prints the page (the content security policy allows no inline onclick).
document.querySelectorAll("[data-print]").forEach((button) => button.addEventListener("click", () => window.print()));
