"""Write-back to HiBob: checked before sending (dry run), verified after by read-back, audited."""
