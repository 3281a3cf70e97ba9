
(function () {
  "use strict";
  var command = document.getElementById("perintah");

  function checked() {
    return Array.prototype.map.call(document.querySelectorAll("input.terkirim:checked"), function (box) {
      return box.value;
    });
  }

  function update() {
    Array.prototype.forEach.call(document.querySelectorAll("input.terkirim"), function (box) {
      box.closest("tr").classList.toggle("dikirim", box.checked);
    });
    if (!command) {
      return;
    }
    var nips = checked();
    command.textContent = nips.length ? command.dataset.awal + " " + nips.join(" ") + command.dataset.akhir
                                      : command.dataset.kosong;
  }

  function copyByHand(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "salinan";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (e) {
      done = false;
    }
    document.body.removeChild(area);
    return done;
  }

  function copy(text, button) {
    var label = button.dataset.label || button.textContent;
    button.dataset.label = label;
    function shown(done) {
      button.textContent = done ? "Tersalin" : "Gagal menyalin";
      button.classList.toggle("berhasil", done);
      window.setTimeout(function () {
        button.textContent = label;
        button.classList.remove("berhasil");
      }, 2000);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { shown(true); },
                                               function () { shown(copyByHand(text)); });
    } else {
      shown(copyByHand(text));
    }
  }

  function markSent(element) {
    var box = element.closest("tr").querySelector("input.terkirim");
    if (box && !box.checked) {
      box.checked = true;
      update();
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest(".tombol") : null;
    if (!target) {
      return;
    }
    if (target.id === "salin-perintah") {
      if (command && checked().length) {
        copy(command.textContent, target);
      }
      return;
    }
    if (target.dataset.pesan !== undefined) {
      copy(target.dataset.pesan, target);
    }
    markSent(target);
  });
  document.addEventListener("change", function (event) {
    if (event.target.classList.contains("terkirim")) {
      update();
    }
  });
  update();
})();
