"""The citizen's document store (kho quản lý dữ liệu điện tử, Decree 45/2020 Art. 14(3)):
electronic results signed by the issuing agency, documents kept for reuse, and the check anyone
can run on a result."""
