"""sopgen: letters and register for the SOP 'Permintaan Akun Pokja UKPBJ'."""

__version__ = "0.1.0"
