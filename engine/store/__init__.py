"""The applicant's electronic document store (kho dữ liệu điện tử, Decree 45/2020 Art. 16; Decree 118/2025 Art. 4.2a):
what the state already holds of an applicant is offered again, never asked for again."""
