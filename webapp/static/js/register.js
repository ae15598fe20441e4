// Registration: show the citizen's or the organisation's fields, as chosen; without script both stay visible.
(function () {
  var form = document.getElementById("register");
  if (!form) return;
  function show() {
    var chosen = form.querySelector("input[name=applicant_type]:checked");
    var organisation = chosen && chosen.value === "organisation";
    form.querySelector(".for-citizen").hidden = organisation;
    form.querySelector(".for-organisation").hidden = !organisation;
  }
  form.querySelectorAll("input[name=applicant_type]").forEach(function (radio) {
    radio.addEventListener("change", show);
  });
  show();
})();
