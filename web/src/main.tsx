document.getElementById("root")!.textContent = "Bandeja";
